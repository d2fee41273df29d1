// The load side of tools/bench-server.sh: statements signed in-process (so signing does not limit the
// load), posted to a running ledger-server by N concurrent submitters, each request one statement.
import Foundation
import LedgerCore
import LedgerCrypto

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Signs `count` progress statements of generated ledger `dir` (keys under dir/keys, tasks T1…T30 led
/// by D(t % 27 + 1)) and writes them as JSON Lines to `out`.
func signLoad(dir: String, count: Int, out: String) throws {
    let genesis = try Ledger(directory: dir).genesis()
    let suite = genesis.genesis.suite
    var keys: [String: SigningKey] = [:]
    for i in 1...27 { keys["D\(i)"] = try SigningKey.load(contentsOfFile: "\(dir)/keys/D\(i).key") }
    var text: [UInt8] = []
    let time = Timestamp.now()
    for n in 0..<count {
        let t = n % 30 + 1
        let code = "D\(t % 27 + 1)"
        let key = keys[code]!
        let signed = try Statement(
            ledger: genesis.ledgerID, time: time, department: code, keyID: key.publicKey.keyID(in: suite),
            event: .progress(task: "T\(t)", percent: Double(n % 100), metrics: [], note: "load \(n)")
        ).signed(with: key)
        text += signed.json.canonicalBytes
        text.append(0x0A)
    }
    _ = FileManager.default.createFile(atPath: out, contents: Data(text))
}

/// Posts every line of `file` to `url`/statements with `concurrency` submitters and prints throughput,
/// latency percentiles and the receipts' seqs and hashes (to `receiptsOut`, one `seq hash` per line).
func postLoad(url: String, file: String, concurrency: Int, receiptsOut: String) throws {
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { Data($0.utf8) }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = concurrency
    let session = URLSession(configuration: configuration)
    final class Results: @unchecked Sendable {
        let lock = NSLock()
        var next = 0
        var latencies: [Double] = []
        var receipts: [String] = []
        var refused: [String] = []
    }
    let results = Results()
    let endpoint = URL(string: url + "/statements")!
    let start = DispatchTime.now().uptimeNanoseconds
    let group = DispatchGroup()
    for _ in 0..<concurrency {
        group.enter()
        Thread {
            while true {
                let index: Int? = results.lock.withLock {
                    guard results.next < lines.count else { return nil }
                    defer { results.next += 1 }
                    return results.next
                }
                guard let index else { break }
                var request = URLRequest(url: endpoint, timeoutInterval: 120)
                request.httpMethod = "POST"
                request.httpBody = lines[index]
                request.setValue("application/jsonl", forHTTPHeaderField: "Content-Type")
                let done = DispatchSemaphore(value: 0)
                let sent = DispatchTime.now().uptimeNanoseconds
                nonisolated(unsafe) var answer: (Int, Data) = (0, Data())
                session.dataTask(with: request) { data, response, _ in
                    answer = ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())
                    done.signal()
                }.resume()
                done.wait()
                let latency = Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e6
                results.lock.withLock {
                    if answer.0 == 200, let value = try? JSONValue.parse([UInt8](answer.1)), let receipts = value["receipts"]?.arrayValue {
                        results.latencies.append(latency)
                        for receipt in receipts {
                            results.receipts.append("\(receipt["seq"]?.intValue ?? -1) \(receipt["hash"]?.stringValue ?? "")")
                        }
                    } else {
                        results.refused.append("\(answer.0) \(String(decoding: answer.1.prefix(200), as: UTF8.self))")
                    }
                }
            }
            group.leave()
        }.start()
    }
    group.wait()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let sorted = results.latencies.sorted()
    func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
    _ = FileManager.default.createFile(atPath: receiptsOut, contents: Data((results.receipts.joined(separator: "\n") + "\n").utf8))
    print(
        String(
            format: "submitters %3d: %5d accepted, %d refused in %.1f s = %.0f accepted/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
            concurrency, sorted.count, results.refused.count, elapsed, Double(sorted.count) / elapsed, percentile(0.5), percentile(0.99),
            sorted.last ?? 0))
    for refusal in results.refused.prefix(3) { print("  refused: \(refusal)") }
}

/// Checks every `seq hash` line of `receipts` names the record at that seq in `dir`'s log, with that hash.
func checkReceipts(dir: String, receipts: String) throws {
    let ledger = try Ledger(directory: dir)
    let suite = try ledger.genesis().genesis.suite
    var hashes: [Int: String] = [:]
    try ledger.replay(verifySignatures: false) { record, _ in hashes[record.seq] = record.hash(suite) }
    var checked = 0
    for line in try String(contentsOfFile: receipts, encoding: .utf8).split(separator: "\n") {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let seq = Int(parts[0]), hashes[seq] == String(parts[1]) else {
            print("MISSING: acknowledged record \(line) is not in the log")
            exit(1)
        }
        checked += 1
    }
    print("every acknowledged submission is in the log: \(checked) receipts checked against \(hashes.count) records")
}
