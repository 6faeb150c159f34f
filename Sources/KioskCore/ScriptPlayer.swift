import FoundationEssentials

/// Plays an `InputScript` against the state, as a visitor at the screen would: each event
/// meets the frame that would be on screen at its moment, so a tap lands on what is drawn
/// there. `kiosk render --script` and the golden-frame tests share it.
public enum ScriptPlayer {
    /// Plays `script` from `start`; `frame` builds the frame a state shows at an instant.
    /// Returns the instant the script ends, which is the one to render.
    public static func play(_ script: InputScript, on state: inout KioskState, from start: Date,
                            frame: (KioskState, Date) -> Frame) -> Date {
        for (time, event) in script.timeline() {
            let instant = start.addingTimeInterval(time)
            state.expireIdle(at: instant)
            state.apply(.input(event), at: instant, map: frame(state, instant).interaction)
        }
        let end = start.addingTimeInterval(script.duration)
        state.expireIdle(at: end)
        return end
    }
}
