import Foundation
import LedgerCrypto
import Testing

/// Mode bits of the file at `url`.
private func mode(of url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// Writes `text` to a new file at `url` and sets its mode explicitly.
private func writeFile(_ text: String, to url: URL, mode: Int) throws {
    try text.write(to: url, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
}

@Suite("Private key files")
struct KeyFileTests {
    @Test("a key file readable by group or others is refused, naming the path and mode", arguments: [0o644, 0o640, 0o604, 0o660, 0o700])
    func insecureModeRefused(fileMode: Int) throws {
        try TestSupport.withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("key.pem")
            try writeFile(try SigningKey.generate(suite: .ed25519sha256).pemRepresentation(), to: url, mode: fileMode)
            if fileMode & 0o077 == 0 {
                #expect(throws: Never.self) { try SigningKey.load(contentsOfFile: url.path) }
                return
            }
            let error = #expect(throws: CryptoError.self) { try SigningKey.load(contentsOfFile: url.path) }
            #expect(error?.code == .insecureKeyFile)
            let octal = "0" + String(fileMode, radix: 8)
            #expect(
                error?.reason == "private key file \(url.path) is accessible by group or others "
                    + "(mode \(octal)); run: chmod 600 \(url.path)")
        }
    }

    @Test("a 0600 key file loads with the right suite and public key", arguments: Suite.allCases)
    func secureModeLoads(suite: Suite) throws {
        try TestSupport.withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("key.pem")
            let key = try SigningKey.generate(suite: suite)
            try writeFile(try key.pemRepresentation(), to: url, mode: 0o600)
            let loaded = try SigningKey.load(contentsOfFile: url.path)
            #expect(loaded.suite == suite)
            #expect(loaded.publicKey == key.publicKey)
        }
    }

    @Test("write(toFile:) creates mode 0600 even under umask 000, and refuses to overwrite")
    func writeIsUmaskProofAndExclusive() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let key = try SigningKey.generate(suite: .sm2sm3)
            let url = directory.appendingPathComponent("key.pem")
            // umask is process-wide: keep the window as small as possible and always restore.
            let saved = umask(0)
            let result = Result { () throws(CryptoError) in try key.write(toFile: url.path) }
            umask(saved)
            try result.get()
            #expect(try mode(of: url) == 0o600)
            #expect(try TestSupport.text(url) == (try key.pemRepresentation()))
            #expect(try SigningKey.load(contentsOfFile: url.path).publicKey == key.publicKey)

            let original = try TestSupport.bytes(url)
            let error = #expect(throws: CryptoError.self) {
                try SigningKey.generate(suite: .sm2sm3).write(toFile: url.path)
            }
            #expect(error?.code == .fileIO)
            #expect(error?.reason.contains(url.path) == true)
            #expect(try TestSupport.bytes(url) == original)
        }
    }

    @Test("write(toFile:) does not follow a symlink planted at the path")
    func writeRefusesSymlink() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let target = directory.appendingPathComponent("target")
            let link = directory.appendingPathComponent("key.pem")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
            let error = #expect(throws: CryptoError.self) {
                try SigningKey.generate(suite: .ed25519sha256).write(toFile: link.path)
            }
            #expect(error?.code == .fileIO)
            #expect(!FileManager.default.fileExists(atPath: target.path))
        }
    }

    @Test("missing files and directories are .fileIO errors naming the path")
    func missingAndNonRegularFiles() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let missing = directory.appendingPathComponent("absent.pem").path
            let error = #expect(throws: CryptoError.self) { try SigningKey.load(contentsOfFile: missing) }
            #expect(error?.code == .fileIO)
            #expect(error?.reason.contains(missing) == true)

            let subdirectory = directory.appendingPathComponent("dir")
            try FileManager.default.createDirectory(at: subdirectory, withIntermediateDirectories: false)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: subdirectory.path)
            let dirError = #expect(throws: CryptoError.self) { try SigningKey.load(contentsOfFile: subdirectory.path) }
            #expect(dirError?.code == .fileIO)
        }
    }

    @Test("a key file written by openssl genpkey loads once it is mode 0600")
    func opensslKeyFileLoads() throws {
        try TestSupport.withTemporaryDirectory { directory in
            try TestSupport.opensslSucceeding(["genpkey", "-algorithm", "SM2", "-out", "key.pem"], in: directory)
            let url = directory.appendingPathComponent("key.pem")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            #expect(try SigningKey.load(contentsOfFile: url.path).suite == .sm2sm3)
        }
    }
}
