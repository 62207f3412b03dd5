
use builtin;
use str;

set edit:completion:arg-completer[fleetctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'fleetctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'fleetctl'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand config 'Manage named contexts in the config file'
            cand login 'Log in with email and password and store the session token in the context'
            cand logout 'Log out: end the server session and remove the stored token'
            cand whoami 'Show which user the stored token belongs to, and the server version'
            cand status 'Show which user the stored token belongs to, and the server version'
            cand debug 'Fetch profiles and debug information from Fleet servers, and diagnose connections'
            cand health 'Check the health endpoint of one or many servers (exit 0 only when all are healthy)'
            cand api 'Call any REST API path with the context''s address, TLS settings, headers and token (like `gh api`)'
            cand completion 'Print a shell completion script'
            cand man 'Print the manual page (roff), or write the pages of every subcommand with --dir'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fleetctl;config'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand set 'Create or update a context; fields not given keep their value (an empty value clears one)'
            cand get 'Print one field, or the whole context (the token is masked)'
            cand use-context 'Make a context the current one'
            cand get-contexts 'List the contexts, marking the current one'
            cand current-context 'Print the selected context''s name, and on stderr where the choice came from'
            cand delete-context 'Delete a context'
            cand rename-context 'Rename a context'
            cand import 'Import contexts (tokens included) from the Go fleetctl''s config, without printing them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fleetctl;config;set'= {
            cand --address 'Fleet server address, e.g. https://fleet.example.com:8080 (its path is ignored: see --url-prefix)'
            cand --email 'Email used by `fleetctl login`'
            cand --token 'API token, e.g. an API-only user''s (visible in shell history and `ps`; prefer --token-stdin)'
            cand --tls-skip-verify 'Skip TLS certificate verification (insecure); --tls-skip-verify=false turns it off again'
            cand --rootca 'PEM file of CA certificates that replaces the system trust store for this context ('''' removes it)'
            cand --url-prefix 'Path prefix the server is mounted under, e.g. /fleet ('''' removes it)'
            cand --custom-header 'Header sent with every request, as ''Name: Value'' (repeatable); replaces every stored custom header, as in the Go fleetctl ('''' removes them all; --add-header adds one)'
            cand --add-header 'Add (or replace by name) one custom header, keeping the others (repeatable)'
            cand --metrics-username 'User for the server''s /metrics Basic auth (the password is read at use, never stored)'
            cand --remove-header 'Remove a custom header by name (repeatable)'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --token-stdin 'Read the API token from standard input (on a terminal: a prompt that does not echo it)'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;config;get'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --show-token 'Show the token in clear instead of masked'
            cand --json 'Print JSON'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;config;use-context'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;config;get-contexts'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --json 'Print JSON'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;config;current-context'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --json 'Print JSON'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;config;delete-context'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;config;rename-context'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;config;import'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --overwrite 'Replace contexts that already exist here (default: keep them and report them)'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;config;help'= {
            cand set 'Create or update a context; fields not given keep their value (an empty value clears one)'
            cand get 'Print one field, or the whole context (the token is masked)'
            cand use-context 'Make a context the current one'
            cand get-contexts 'List the contexts, marking the current one'
            cand current-context 'Print the selected context''s name, and on stderr where the choice came from'
            cand delete-context 'Delete a context'
            cand rename-context 'Rename a context'
            cand import 'Import contexts (tokens included) from the Go fleetctl''s config, without printing them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fleetctl;config;help;set'= {
        }
        &'fleetctl;config;help;get'= {
        }
        &'fleetctl;config;help;use-context'= {
        }
        &'fleetctl;config;help;get-contexts'= {
        }
        &'fleetctl;config;help;current-context'= {
        }
        &'fleetctl;config;help;delete-context'= {
        }
        &'fleetctl;config;help;rename-context'= {
        }
        &'fleetctl;config;help;import'= {
        }
        &'fleetctl;config;help;help'= {
        }
        &'fleetctl;login'= {
            cand --email 'Email to log in with [default: $EMAIL, else the context''s email, else a prompt]'
            cand --password 'Password, as the Go fleetctl takes it: visible to other local users (ps) and in shell history, so a warning says so; prefer --password-stdin or FLEETCTL_PASSWORD'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --password-stdin 'Read the password from standard input instead of prompting [default: $FLEETCTL_PASSWORD, else $PASSWORD, else a prompt]'
            cand --mfa-link-stdin 'Email two-factor: read the link from the email (or its token alone) from standard input once the server has sent it, instead of prompting for it'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;logout'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;whoami'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --json 'Print JSON'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;status'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --json 'Print JSON'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand archive 'Fetch every profile and debug endpoint concurrently into one scrubbed .tar.gz'
            cand profile 'Save a CPU profile (takes --seconds)'
            cand heap 'Save a heap profile'
            cand goroutine 'Save a goroutine profile'
            cand trace 'Save a Go execution trace (takes --seconds)'
            cand allocs 'Save an allocations profile'
            cand block 'Save a block profile (empty unless the server enabled block sampling)'
            cand mutex 'Save a mutex profile (empty unless the server enabled mutex sampling)'
            cand threadcreate 'Save a thread-creation profile'
            cand cmdline 'Print the server''s command line, scrubbed of secrets'
            cand errors 'Save the server''s recent errors (JSON) to ./fleet-errors-<timestamp>Z.json (--stdout: print them)'
            cand migrations 'Show the database migration status'
            cand db-locks 'Save the database locks (JSON) to ./fleet-db-locks-<timestamp>Z.json (--stdout: print them)'
            cand db-innodb-status 'Save the InnoDB status (JSON) to ./fleet-db-innodb-status-<timestamp>Z.json (--stdout: print it)'
            cand db-process-list 'Save the database process list (JSON) to ./fleet-db-process-list-<timestamp>Z.json (--stdout: print it)'
            cand metrics 'Print the server''s Prometheus metrics (Basic auth: the context''s metrics-username)'
            cand connection 'Check DNS, TCP, the TLS certificate and the agent enroll endpoint, one line a step'
            cand inspect 'Summarise an archive or a profile (manifest, top functions), draw its flame graphs or HTML report, or compare two (no Go needed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fleetctl;debug;archive'= {
            cand -o 'Archive path, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-profiles-archive-<YYYYMMDDhhmmss>Z.tar.gz]'
            cand --outfile 'Archive path, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-profiles-archive-<YYYYMMDDhhmmss>Z.tar.gz]'
            cand --profile-seconds 'Length of the CPU profile, in seconds (the server refuses more than its write timeout, about 100 s)'
            cand --trace-seconds 'Length of the execution trace, in seconds'
            cand --max-item-mib 'Largest answer accepted for one item, in MiB (also what a gzipped profile may inflate to); at most 1048576 (1 TiB)'
            cand --duration 'Capture over time: every --interval for this long (`90s`, `5m`, `1h`), each round into `interval/0000/`, `interval/0001/`, ...; cmdline and trace once, at the start'
            cand --interval 'Time between rounds of a --duration capture (at least 1s, at most 1000 rounds); the CPU profile of each round is min(--profile-seconds, interval) long [default: 30s]'
            cand --max-archive-mib 'End a --duration capture cleanly (writing the rounds completed) once the items fetched reach this many MiB'
            cand --poll 'Time between /healthz polls of --when-unhealthy [default: 10s]'
            cand --latency-over 'A /healthz answer slower than this counts as unhealthy [default: 2s]'
            cand --for 'Bad polls in a row that trigger the capture [default: 2]'
            cand --wait-max 'Give up waiting after this long: exit 6, nothing written [default: 24h]'
            cand --server 'Reach this backend directly (repeatable): `ip`, `ip:port`, `[v6]:port` or `host:port`; TLS still verifies the context''s host name, sent as `Host` too, with the context''s token, url-prefix, rootca and headers; never through a proxy'
            cand --servers-from 'Read backends from a file (`-` for stdin), one address a line as for --server, `#` starts a comment'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --force 'Replace the output file if it exists'
            cand --json 'Print a JSON summary on stdout instead of the archive path'
            cand --strict 'Also count items the server does not support (404 on the /debug/db endpoints of older servers) as failures'
            cand --no-scrub 'Do not scrub secrets from the cmdline (the archive will hold the server''s passwords and keys)'
            cand --metrics-password-stdin 'Read the /metrics Basic-auth password from stdin (else $FLEETCTL_METRICS_PASSWORD); with a context''s metrics-username set, the archive then includes metrics.txt'
            cand --all-contexts 'Archive every context in the config file, one folder each (or repeat --context)'
            cand --report 'Also put report.html in the archive: the `debug inspect --html` report (flame graphs, tables), for a browser'
            cand --when-unhealthy 'Wait until a server (with --each-server: a backend) answers /healthz unhealthy, not at all, or slowly --for polls in a row, then capture it at once (a snapshot, or a timeline with --duration); a server that is down: capture every other one and record its failures'
            cand --each-server 'Reach every address the context''s host name resolves to (A and AAAA, through the system resolver), each as its own server'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;profile'= {
            cand --seconds 'How long the server collects, in seconds [default: 30 for profile, 1 for trace]'
            cand -o 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --outfile 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;heap'= {
            cand -o 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --outfile 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;goroutine'= {
            cand -o 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --outfile 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;trace'= {
            cand --seconds 'How long the server collects, in seconds [default: 30 for profile, 1 for trace]'
            cand -o 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --outfile 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;allocs'= {
            cand -o 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --outfile 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;block'= {
            cand -o 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --outfile 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;mutex'= {
            cand -o 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --outfile 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;threadcreate'= {
            cand -o 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --outfile 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;cmdline'= {
            cand -o 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --outfile 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --no-scrub 'Do not scrub secrets (prints the server''s passwords and keys)'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;errors'= {
            cand -o 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --outfile 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --flush 'Clear the server''s error store after reading it [env: FLUSH]'
            cand --stdout 'Print to stdout instead of writing a file [env: STDOUT]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;migrations'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --json 'Print the server''s JSON answer'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;db-locks'= {
            cand -o 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --outfile 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --stdout 'Print to stdout instead of writing a file [env: STDOUT]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;db-innodb-status'= {
            cand -o 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --outfile 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --stdout 'Print to stdout instead of writing a file [env: STDOUT]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;db-process-list'= {
            cand -o 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --outfile 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --stdout 'Print to stdout instead of writing a file [env: STDOUT]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;metrics'= {
            cand -o 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --outfile 'Write to this file (or into this folder) instead of stdout; `-` is stdout'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --password-stdin 'Read the metrics password from stdin [default: $FLEETCTL_METRICS_PASSWORD]'
            cand --force 'Replace the output file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;connection'= {
            cand --fleet-certificate 'PEM certificate(s) the agents trust (osquery''s --tls_server_certs), used as the only roots'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --json 'Print the steps as JSON ({address, ok, steps: [{step, ok, detail}]}) instead of lines'
            cand --each-server 'Run the TCP, TLS and enroll steps against every address the host name resolves to (each backend behind the load balancer), keeping the name for TLS and `Host`'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;inspect'= {
            cand --top 'How many functions to list per profile'
            cand --html 'Write a self-contained HTML report (manifest tables, flame graphs, servers side by side, timeline) to FILE'
            cand --flamegraph 'Write the profile''s flame graph (with --base: the differential flame graph) as an SVG to FILE'
            cand --base 'Compare with an older profile or archive of the same kind: the functions whose share grew or shrank most'
            cand --member 'With --base on two archives and --flamegraph: the member to draw (e.g. heap.prof, or fleet-01/heap.prof)'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --json 'Print JSON'
            cand --force 'Replace the --html or --flamegraph file if it exists'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;debug;help'= {
            cand archive 'Fetch every profile and debug endpoint concurrently into one scrubbed .tar.gz'
            cand profile 'Save a CPU profile (takes --seconds)'
            cand heap 'Save a heap profile'
            cand goroutine 'Save a goroutine profile'
            cand trace 'Save a Go execution trace (takes --seconds)'
            cand allocs 'Save an allocations profile'
            cand block 'Save a block profile (empty unless the server enabled block sampling)'
            cand mutex 'Save a mutex profile (empty unless the server enabled mutex sampling)'
            cand threadcreate 'Save a thread-creation profile'
            cand cmdline 'Print the server''s command line, scrubbed of secrets'
            cand errors 'Save the server''s recent errors (JSON) to ./fleet-errors-<timestamp>Z.json (--stdout: print them)'
            cand migrations 'Show the database migration status'
            cand db-locks 'Save the database locks (JSON) to ./fleet-db-locks-<timestamp>Z.json (--stdout: print them)'
            cand db-innodb-status 'Save the InnoDB status (JSON) to ./fleet-db-innodb-status-<timestamp>Z.json (--stdout: print it)'
            cand db-process-list 'Save the database process list (JSON) to ./fleet-db-process-list-<timestamp>Z.json (--stdout: print it)'
            cand metrics 'Print the server''s Prometheus metrics (Basic auth: the context''s metrics-username)'
            cand connection 'Check DNS, TCP, the TLS certificate and the agent enroll endpoint, one line a step'
            cand inspect 'Summarise an archive or a profile (manifest, top functions), draw its flame graphs or HTML report, or compare two (no Go needed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fleetctl;debug;help;archive'= {
        }
        &'fleetctl;debug;help;profile'= {
        }
        &'fleetctl;debug;help;heap'= {
        }
        &'fleetctl;debug;help;goroutine'= {
        }
        &'fleetctl;debug;help;trace'= {
        }
        &'fleetctl;debug;help;allocs'= {
        }
        &'fleetctl;debug;help;block'= {
        }
        &'fleetctl;debug;help;mutex'= {
        }
        &'fleetctl;debug;help;threadcreate'= {
        }
        &'fleetctl;debug;help;cmdline'= {
        }
        &'fleetctl;debug;help;errors'= {
        }
        &'fleetctl;debug;help;migrations'= {
        }
        &'fleetctl;debug;help;db-locks'= {
        }
        &'fleetctl;debug;help;db-innodb-status'= {
        }
        &'fleetctl;debug;help;db-process-list'= {
        }
        &'fleetctl;debug;help;metrics'= {
        }
        &'fleetctl;debug;help;connection'= {
        }
        &'fleetctl;debug;help;inspect'= {
        }
        &'fleetctl;debug;help;help'= {
        }
        &'fleetctl;health'= {
            cand --check 'Only run this check (repeatable) [default: all of the server''s checks]'
            cand --server 'Reach this backend directly (repeatable): `ip`, `ip:port`, `[v6]:port` or `host:port`; TLS still verifies the context''s host name, sent as `Host` too, with the context''s token, url-prefix, rootca and headers; never through a proxy'
            cand --servers-from 'Read backends from a file (`-` for stdin), one address a line as for --server, `#` starts a comment'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --all-contexts 'Check every context in the config file (instead of --context, which may be repeated)'
            cand --json 'Print JSON'
            cand --each-server 'Reach every address the context''s host name resolves to (A and AAAA, through the system resolver), each as its own server'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;api'= {
            cand -X 'HTTP method [default: GET; POST with --input]'
            cand --method 'HTTP method [default: GET; POST with --input]'
            cand -F 'Field KEY=VALUE, as in the Go fleetctl: a query parameter on GET; otherwise a member of the JSON body (VALUE parsed as JSON when it is valid JSON, else a string; a bare KEY is true); KEY=<FILE uses the file''s contents, KEY=@FILE uploads the file (multipart)'
            cand --field 'Field KEY=VALUE, as in the Go fleetctl: a query parameter on GET; otherwise a member of the JSON body (VALUE parsed as JSON when it is valid JSON, else a string; a bare KEY is true); KEY=<FILE uses the file''s contents, KEY=@FILE uploads the file (multipart)'
            cand -f 'String field KEY=VALUE, sent as it is (never parsed as JSON or read from a file)'
            cand --raw-field 'String field KEY=VALUE, sent as it is (never parsed as JSON or read from a file)'
            cand -H 'Request header ''Name:Value'' (repeatable; Authorization and Host come from the context)'
            cand --header 'Request header ''Name:Value'' (repeatable; Authorization and Host come from the context)'
            cand --input 'Request body from FILE, or - for stdin (fields then go to the query string)'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand -i 'Print the HTTP status line and response headers before the body'
            cand --include 'Print the HTTP status line and response headers before the body'
            cand --silent 'Do not print the response body'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;completion'= {
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;man'= {
            cand --dir 'Write the pages of every command and subcommand into DIR (created if missing) instead of printing fleetctl.1'
            cand --config 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]'
            cand --context 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]'
            cand --debug 'Log each HTTP request and response status to stderr (tokens are redacted)'
            cand -V 'Print version (`-v` as in the Go fleetctl)'
            cand -v 'Print version (`-v` as in the Go fleetctl)'
            cand --version 'Print version (`-v` as in the Go fleetctl)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'fleetctl;help'= {
            cand config 'Manage named contexts in the config file'
            cand login 'Log in with email and password and store the session token in the context'
            cand logout 'Log out: end the server session and remove the stored token'
            cand whoami 'Show which user the stored token belongs to, and the server version'
            cand debug 'Fetch profiles and debug information from Fleet servers, and diagnose connections'
            cand health 'Check the health endpoint of one or many servers (exit 0 only when all are healthy)'
            cand api 'Call any REST API path with the context''s address, TLS settings, headers and token (like `gh api`)'
            cand completion 'Print a shell completion script'
            cand man 'Print the manual page (roff), or write the pages of every subcommand with --dir'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fleetctl;help;config'= {
            cand set 'Create or update a context; fields not given keep their value (an empty value clears one)'
            cand get 'Print one field, or the whole context (the token is masked)'
            cand use-context 'Make a context the current one'
            cand get-contexts 'List the contexts, marking the current one'
            cand current-context 'Print the selected context''s name, and on stderr where the choice came from'
            cand delete-context 'Delete a context'
            cand rename-context 'Rename a context'
            cand import 'Import contexts (tokens included) from the Go fleetctl''s config, without printing them'
        }
        &'fleetctl;help;config;set'= {
        }
        &'fleetctl;help;config;get'= {
        }
        &'fleetctl;help;config;use-context'= {
        }
        &'fleetctl;help;config;get-contexts'= {
        }
        &'fleetctl;help;config;current-context'= {
        }
        &'fleetctl;help;config;delete-context'= {
        }
        &'fleetctl;help;config;rename-context'= {
        }
        &'fleetctl;help;config;import'= {
        }
        &'fleetctl;help;login'= {
        }
        &'fleetctl;help;logout'= {
        }
        &'fleetctl;help;whoami'= {
        }
        &'fleetctl;help;debug'= {
            cand archive 'Fetch every profile and debug endpoint concurrently into one scrubbed .tar.gz'
            cand profile 'Save a CPU profile (takes --seconds)'
            cand heap 'Save a heap profile'
            cand goroutine 'Save a goroutine profile'
            cand trace 'Save a Go execution trace (takes --seconds)'
            cand allocs 'Save an allocations profile'
            cand block 'Save a block profile (empty unless the server enabled block sampling)'
            cand mutex 'Save a mutex profile (empty unless the server enabled mutex sampling)'
            cand threadcreate 'Save a thread-creation profile'
            cand cmdline 'Print the server''s command line, scrubbed of secrets'
            cand errors 'Save the server''s recent errors (JSON) to ./fleet-errors-<timestamp>Z.json (--stdout: print them)'
            cand migrations 'Show the database migration status'
            cand db-locks 'Save the database locks (JSON) to ./fleet-db-locks-<timestamp>Z.json (--stdout: print them)'
            cand db-innodb-status 'Save the InnoDB status (JSON) to ./fleet-db-innodb-status-<timestamp>Z.json (--stdout: print it)'
            cand db-process-list 'Save the database process list (JSON) to ./fleet-db-process-list-<timestamp>Z.json (--stdout: print it)'
            cand metrics 'Print the server''s Prometheus metrics (Basic auth: the context''s metrics-username)'
            cand connection 'Check DNS, TCP, the TLS certificate and the agent enroll endpoint, one line a step'
            cand inspect 'Summarise an archive or a profile (manifest, top functions), draw its flame graphs or HTML report, or compare two (no Go needed)'
        }
        &'fleetctl;help;debug;archive'= {
        }
        &'fleetctl;help;debug;profile'= {
        }
        &'fleetctl;help;debug;heap'= {
        }
        &'fleetctl;help;debug;goroutine'= {
        }
        &'fleetctl;help;debug;trace'= {
        }
        &'fleetctl;help;debug;allocs'= {
        }
        &'fleetctl;help;debug;block'= {
        }
        &'fleetctl;help;debug;mutex'= {
        }
        &'fleetctl;help;debug;threadcreate'= {
        }
        &'fleetctl;help;debug;cmdline'= {
        }
        &'fleetctl;help;debug;errors'= {
        }
        &'fleetctl;help;debug;migrations'= {
        }
        &'fleetctl;help;debug;db-locks'= {
        }
        &'fleetctl;help;debug;db-innodb-status'= {
        }
        &'fleetctl;help;debug;db-process-list'= {
        }
        &'fleetctl;help;debug;metrics'= {
        }
        &'fleetctl;help;debug;connection'= {
        }
        &'fleetctl;help;debug;inspect'= {
        }
        &'fleetctl;help;health'= {
        }
        &'fleetctl;help;api'= {
        }
        &'fleetctl;help;completion'= {
        }
        &'fleetctl;help;man'= {
        }
        &'fleetctl;help;help'= {
        }
    ]
    $completions[$command]
}
