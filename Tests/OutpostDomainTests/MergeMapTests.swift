import OutpostDomain
import Testing

@Suite struct MergeMapTests {
    @Test func chainsResolveToTheirEnd() {
        let map = MergeMap(pointers: ["SZ01.3": "SZ01.2", "SZ01.2": "SZ02.7"])
        #expect(map.survivor(of: "SZ01.3") == "SZ02.7")
        #expect(map.survivor(of: "SZ02.7") == "SZ02.7")
        #expect(map.survivor(of: "SZ09.1") == "SZ09.1")
        #expect(map.members(of: "SZ02.7") == ["SZ01.2", "SZ01.3", "SZ02.7"])
    }

    @Test func inACycleTheSmallestIdSurvivesWhoeverEntersIt() {
        // Two supervisors merged A into B and B into A at the same time.
        let map = MergeMap(pointers: ["SZ02.10": "SZ02.9", "SZ02.9": "SZ02.10", "SZ01.4": "SZ02.10"])
        #expect(map.survivor(of: "SZ02.10") == "SZ02.9", "9 precedes 10 as a number")
        #expect(map.survivor(of: "SZ02.9") == "SZ02.9")
        #expect(map.survivor(of: "SZ01.4") == "SZ02.9", "a record leading into the cycle joins its survivor")
        #expect(!map.isMergedAway("SZ02.9"))
        #expect(map.isMergedAway("SZ02.10"))
        #expect(map.members(of: "SZ02.9") == ["SZ01.4", "SZ02.9", "SZ02.10"])
    }

    @Test func aThreeCycleAlsoHasOneSurvivor() {
        let map = MergeMap(pointers: ["SZ03.1": "SZ02.1", "SZ02.1": "SZ01.5", "SZ01.5": "SZ03.1"])
        #expect(Set(["SZ03.1", "SZ02.1", "SZ01.5"].map(map.survivor(of:))) == ["SZ01.5"])
    }
}
