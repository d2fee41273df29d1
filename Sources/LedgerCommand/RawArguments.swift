import LedgerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The command line as the kernel passed it, checked before ArgumentParser sees it.
///
/// `CommandLine.arguments` turns bytes that are not UTF-8 into U+FFFD, so `--note` with a stray
/// Latin-1 byte would be signed as text its author never typed. This is the one place the raw `argv`
/// bytes are read: an argument that is not valid UTF-8 is refused, naming it, before anything runs.
enum RawArguments {
    static func check() throws(CLIError) {
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
            if let bad = InputFile.firstInvalidUTF8(bytes) {
                let shown = String(decoding: bytes, as: UTF8.self)
                throw CLIError.input(
                    "argument \(index) (\"\(shown)\") is not valid UTF-8 at byte \(bad + 1); the ledger signs exactly the text it is given, so it refuses text it cannot read (nothing was changed)"
                )
            }
        }
    }
}
