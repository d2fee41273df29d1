import LedgerCore
import LedgerProjector
import Testing

@Suite("As-of cuts by calendar day in the ledger's offset")
struct AsOfTests {
    @Test(
        "endOfDay is midnight after the day in the genesis offset",
        arguments: [
            ("+08:00", "2023-06-30T16:00:00Z"), ("+00:00", "2023-07-01T00:00:00Z"), ("-05:00", "2023-07-01T05:00:00Z"),
        ])
    func endOfDay(offset: String, expected: String) throws {
        let b = try LedgerBuilder(utcOffset: offset)
        #expect(b.project().endOfDay(day("2023-06-30")) == at(expected))
        #expect(b.project().localDay(of: at(expected)) == day("2023-07-01"))
        #expect(b.project().localDay(of: at(expected).adding(seconds: -1)) == day("2023-06-30"))
    }

    @Test("Cutting at a date keeps the records accepted before that day ends in +08:00, judged one second before")
    func cutByDate() throws {
        var b = try LedgerBuilder(utcOffset: "+08:00")
        try b.enrol("SWJ")
        try b.assign("1.1", lead: ["SWJ"], deadline: "2023-06-30")
        try b.progress("1.1", by: "SWJ", percent: 95, at: at("2023-06-30T15:59:59Z"))  // 23:59:59 on 30 June in +08:00
        try b.progress("1.1", by: "SWJ", percent: 99, at: at("2023-06-30T16:00:00Z"))  // 00:00:00 on 1 July

        func state(asOfDate date: String) -> ProjectedState {
            let end = b.project().endOfDay(day(date))
            let cut = b.records.prefix { $0.accepted < end }.count
            return b.project(cut).state(asOf: end.adding(seconds: -1))
        }
        let june30 = state(asOfDate: "2023-06-30")
        #expect(june30.recordCount == 4)
        #expect(june30.asOf == at("2023-06-30T15:59:59Z"))
        #expect(june30.head == b.records[3].hash(b.suite))
        #expect(june30.task("1.1")?.percent == 95)
        #expect(june30.task("1.1")?.light == .yellow)

        let july1 = state(asOfDate: "2023-07-01")
        #expect(july1.recordCount == 5)
        #expect(july1.task("1.1")?.percent == 99)
        #expect(july1.task("1.1")?.light == .red)
        #expect(july1.task("1.1")?.everOverdue == true)
    }

    @Test("Cutting at a record number gives the state after that record")
    func cutBySeq() throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        try b.assign("1.1", lead: ["SWJ"], deadline: "2023-12-31")
        try b.progress("1.1", by: "SWJ", percent: 20, at: at("2023-03-01T00:00:00Z"))
        try b.progress("1.1", by: "SWJ", percent: 40, at: at("2023-04-01T00:00:00Z"))
        let atSeq3 = b.project(4).state()
        #expect(atSeq3.recordCount == 4 && atSeq3.asOf == at("2023-03-01T00:00:00Z"))
        #expect(atSeq3.task("1.1")?.percent == 20)
        #expect(b.project(4).head == b.records[3].hash(b.suite))
    }

    @Test(
        "The state carries what a report needs: the ledger's offset, the plan's section titles and the options",
        arguments: [("+08:00", 28_800), ("-05:30", -19_800), ("+00:00", 0)])
    func carriesRenderingContext(offset: String, seconds: Int) throws {
        var b = try LedgerBuilder(utcOffset: offset)
        try b.plan([])
        let options = ProjectionOptions(warningDays: 15, scheduleTolerance: 5, silenceDays: 90)
        let state = b.project(options: options).state()
        #expect(state.utcOffsetSeconds == seconds)
        #expect(state.options == options)
        #expect(state.sectionTitle("1") == "（一）第一部分")
        #expect(state.sectionTitle("2") == "（二）第二部分")
        #expect(state.sectionTitle("3") == nil)
        #expect(state.json["utcOffsetSeconds"]?.intValue == seconds)
    }
}
