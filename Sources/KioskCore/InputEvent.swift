/// Input in the core's own vocabulary, in screen pixels; the renderer translates SDL events.
public enum InputEvent: Sendable, Hashable {
    /// A finger or the mouse went down.
    case pointerDown(x: Double, y: Double)
    /// A finger or the mouse moved while down.
    case pointerMoved(x: Double, y: Double)
    /// A finger or the mouse went up.
    case pointerUp(x: Double, y: Double)
    /// Text typed on a physical keyboard (the on-screen keyboard is drawn by the core).
    case text(String)
    /// A named key: "Escape", "Left", "Right", "Backspace", "Return", "Q"…; `ctrl` when held.
    case key(String, ctrl: Bool)
    /// The window system asked to close (window button, Alt+F4, SIGTERM translated by SDL).
    case quitRequested
    /// The drawing surface changed size or was exposed and must be drawn again.
    case redrawNeeded
}
