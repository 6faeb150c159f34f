import Foundation
import Testing
@testable import KioskCore

@Suite struct LedgerTests {
    func at(_ iso: String) -> Int64 { Int64(instant(iso).timeIntervalSince1970) }

    @Test func periodsAreCutInTheConfiguredTimeZoneWithMondayWeeks() {
        var ledger = VisitorLedger()
        ledger.record(at: at("2023-12-31T10:00:00+07:00"), count: 1, isOut: false)   // last year
        ledger.record(at: at("2024-05-31T10:00:00+07:00"), count: 2, isOut: false)   // last month
        ledger.record(at: at("2024-06-09T10:00:00+07:00"), count: 4, isOut: false)   // Sunday: last week
        ledger.record(at: at("2024-06-10T23:30:00+07:00"), count: 8, isOut: false)   // Monday, this week
        ledger.record(at: at("2024-06-11T09:20:00+07:00"), count: 16, isOut: false)  // today, 10 min ago
        ledger.record(at: at("2024-06-11T11:00:00+07:00"), count: 32, isOut: false)  // the future: not yet
        let f = ledger.figures(at: instant("2024-06-11T09:30:00+07:00"), timeZone: hanoi)
        #expect(f == VisitorFigures(now: 16, today: 16, week: 24, month: 28, year: 30, total: 31))
    }

    @Test func nowIsOccupancyWhenDirectionsAreGiven() {
        var ledger = VisitorLedger()
        ledger.hasDirections = true
        ledger.record(at: at("2024-06-11T08:00:00+07:00"), count: 10, isOut: false)
        ledger.record(at: at("2024-06-11T09:00:00+07:00"), count: 3, isOut: true)
        ledger.record(at: at("2024-06-10T09:00:00+07:00"), count: 50, isOut: true)   // yesterday's exits
        #expect(ledger.figures(at: instant("2024-06-11T09:30:00+07:00"), timeZone: hanoi).now == 7)
    }

    @Test func snapshotIsShownAsIs() {
        var ledger = VisitorLedger()
        ledger.record(at: 0, count: 3, isOut: false)
        ledger.snapshot = VisitorFigures(now: 1, today: 2, week: 3, month: 4, year: 5, total: 6)
        #expect(ledger.figures(at: Date(), timeZone: hanoi).total == 6)
    }

    @Test func dailyVisitsOldestFirst() {
        var ledger = VisitorLedger()
        ledger.record(at: at("2024-06-09T10:00:00+07:00"), count: 4, isOut: false)
        ledger.record(at: at("2024-06-11T00:10:00+07:00"), count: 7, isOut: false)
        let days = ledger.dailyVisits(endingAt: instant("2024-06-11T09:30:00+07:00"), days: 3, timeZone: hanoi)
        #expect(days == [4, 0, 7])
    }

    @Test func mergeAddsEntrances() {
        var a = VisitorLedger(), b = VisitorLedger()
        a.record(at: at("2024-06-11T08:00:00+07:00"), count: 2, isOut: false)
        b.record(at: at("2024-06-11T08:00:30+07:00"), count: 3, isOut: false)
        a.merge(b)
        #expect(a.figures(at: instant("2024-06-11T09:00:00+07:00"), timeZone: hanoi).today == 5)
    }
}
