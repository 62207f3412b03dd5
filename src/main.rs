fn main() -> std::process::ExitCode {
    fleetctl::main_entry()
}
