# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_fleetctl_global_optspecs
    string join \n config= context= debug V/version h/help
end

function __fish_fleetctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_fleetctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_fleetctl_using_subcommand
    set -l cmd (__fish_fleetctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c fleetctl -n "__fish_fleetctl_needs_command" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_needs_command" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_needs_command" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "config" -d 'Manage named contexts in the config file'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "login" -d 'Log in with email and password and store the session token in the context'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "logout" -d 'Log out: end the server session and remove the stored token'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "whoami" -d 'Show which user the stored token belongs to, and the server version'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "status" -d 'Show which user the stored token belongs to, and the server version'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "debug" -d 'Fetch profiles and debug information from Fleet servers, and diagnose connections'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "health" -d 'Check the health endpoint of one or many servers (exit 0 only when all are healthy)'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "api" -d 'Call any REST API path with the context\'s address, TLS settings, headers and token (like `gh api`)'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "man" -d 'Print the manual page (roff), or write the pages of every subcommand with --dir'
complete -c fleetctl -n "__fish_fleetctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -f -a "set" -d 'Create or update a context; fields not given keep their value (an empty value clears one)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -f -a "get" -d 'Print one field, or the whole context (the token is masked)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -f -a "use-context" -d 'Make a context the current one'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -f -a "get-contexts" -d 'List the contexts, marking the current one'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -f -a "current-context" -d 'Print the selected context\'s name, and on stderr where the choice came from'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -f -a "delete-context" -d 'Delete a context'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -f -a "rename-context" -d 'Rename a context'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -f -a "import" -d 'Import contexts (tokens included) from the Go fleetctl\'s config, without printing them'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and not __fish_seen_subcommand_from set get use-context get-contexts current-context delete-context rename-context import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l address -d 'Fleet server address, e.g. https://fleet.example.com:8080 (its path is ignored: see --url-prefix)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l email -d 'Email used by `fleetctl login`' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l token -d 'API token, e.g. an API-only user\'s (visible in shell history and `ps`; prefer --token-stdin)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l tls-skip-verify -d 'Skip TLS certificate verification (insecure); --tls-skip-verify=false turns it off again' -r -f -a "true\t''
false\t''"
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l rootca -d 'PEM file of CA certificates that replaces the system trust store for this context (\'\' removes it)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l url-prefix -d 'Path prefix the server is mounted under, e.g. /fleet (\'\' removes it)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l custom-header -d 'Header sent with every request, as \'Name: Value\' (repeatable); replaces every stored custom header, as in the Go fleetctl (\'\' removes them all; --add-header adds one)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l add-header -d 'Add (or replace by name) one custom header, keeping the others (repeatable)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l metrics-username -d 'User for the server\'s /metrics Basic auth (the password is read at use, never stored)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l remove-header -d 'Remove a custom header by name (repeatable)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l token-stdin -d 'Read the API token from standard input (on a terminal: a prompt that does not echo it)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get" -l show-token -d 'Show the token in clear instead of masked'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get" -l json -d 'Print JSON'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l json -d 'Print JSON'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l json -d 'Print JSON'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from delete-context" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from delete-context" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from delete-context" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from delete-context" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from delete-context" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from rename-context" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from rename-context" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from rename-context" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from rename-context" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from rename-context" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from import" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from import" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from import" -l overwrite -d 'Replace contexts that already exist here (default: keep them and report them)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from import" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from import" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Create or update a context; fields not given keep their value (an empty value clears one)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print one field, or the whole context (the token is masked)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "use-context" -d 'Make a context the current one'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get-contexts" -d 'List the contexts, marking the current one'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "current-context" -d 'Print the selected context\'s name, and on stderr where the choice came from'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "delete-context" -d 'Delete a context'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "rename-context" -d 'Rename a context'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import contexts (tokens included) from the Go fleetctl\'s config, without printing them'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand login" -l email -d 'Email to log in with [default: $EMAIL, else the context\'s email, else a prompt]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand login" -l password -d 'Password, as the Go fleetctl takes it: visible to other local users (ps) and in shell history, so a warning says so; prefer --password-stdin or FLEETCTL_PASSWORD' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand login" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand login" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand login" -l password-stdin -d 'Read the password from standard input instead of prompting [default: $FLEETCTL_PASSWORD, else $PASSWORD, else a prompt]'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand login" -l mfa-link-stdin -d 'Email two-factor: read the link from the email (or its token alone) from standard input once the server has sent it, instead of prompting for it'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand login" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand login" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand login" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand logout" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand logout" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand logout" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand logout" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand logout" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand whoami" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand whoami" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand whoami" -l json -d 'Print JSON'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand whoami" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand whoami" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand status" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand status" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand status" -l json -d 'Print JSON'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand status" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand status" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand status" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "archive" -d 'Fetch every profile and debug endpoint concurrently into one scrubbed .tar.gz'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "profile" -d 'Save a CPU profile (takes --seconds)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "heap" -d 'Save a heap profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "goroutine" -d 'Save a goroutine profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "trace" -d 'Save a Go execution trace (takes --seconds)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "allocs" -d 'Save an allocations profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "block" -d 'Save a block profile (empty unless the server enabled block sampling)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "mutex" -d 'Save a mutex profile (empty unless the server enabled mutex sampling)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "threadcreate" -d 'Save a thread-creation profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "cmdline" -d 'Print the server\'s command line, scrubbed of secrets'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "errors" -d 'Save the server\'s recent errors (JSON) to ./fleet-errors-<timestamp>Z.json (--stdout: print them)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "migrations" -d 'Show the database migration status'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "db-locks" -d 'Save the database locks (JSON) to ./fleet-db-locks-<timestamp>Z.json (--stdout: print them)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "db-innodb-status" -d 'Save the InnoDB status (JSON) to ./fleet-db-innodb-status-<timestamp>Z.json (--stdout: print it)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "db-process-list" -d 'Save the database process list (JSON) to ./fleet-db-process-list-<timestamp>Z.json (--stdout: print it)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "metrics" -d 'Print the server\'s Prometheus metrics (Basic auth: the context\'s metrics-username)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "connection" -d 'Check DNS, TCP, the TLS certificate and the agent enroll endpoint, one line a step'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "inspect" -d 'Summarise an archive or a profile (manifest, top functions), draw its flame graphs or HTML report, or compare two (no Go needed)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and not __fish_seen_subcommand_from archive profile heap goroutine trace allocs block mutex threadcreate cmdline errors migrations db-locks db-innodb-status db-process-list metrics connection inspect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -s o -l outfile -d 'Archive path, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-profiles-archive-<YYYYMMDDhhmmss>Z.tar.gz]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l profile-seconds -d 'Length of the CPU profile, in seconds (the server refuses more than its write timeout, about 100 s)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l trace-seconds -d 'Length of the execution trace, in seconds' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l max-item-mib -d 'Largest answer accepted for one item, in MiB (also what a gzipped profile may inflate to); at most 1048576 (1 TiB)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l duration -d 'Capture over time: every --interval for this long (`90s`, `5m`, `1h`), each round into `interval/0000/`, `interval/0001/`, ...; cmdline and trace once, at the start' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l interval -d 'Time between rounds of a --duration capture (at least 1s, at most 1000 rounds); the CPU profile of each round is min(--profile-seconds, interval) long [default: 30s]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l max-archive-mib -d 'End a --duration capture cleanly (writing the rounds completed) once the items fetched reach this many MiB' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l poll -d 'Time between /healthz polls of --when-unhealthy [default: 10s]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l latency-over -d 'A /healthz answer slower than this counts as unhealthy [default: 2s]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l for -d 'Bad polls in a row that trigger the capture [default: 2]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l wait-max -d 'Give up waiting after this long: exit 6, nothing written [default: 24h]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l server -d 'Reach this backend directly (repeatable): `ip`, `ip:port`, `[v6]:port` or `host:port`; TLS still verifies the context\'s host name, sent as `Host` too, with the context\'s token, url-prefix, rootca and headers; never through a proxy' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l servers-from -d 'Read backends from a file (`-` for stdin), one address a line as for --server, `#` starts a comment' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l json -d 'Print a JSON summary on stdout instead of the archive path'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l strict -d 'Also count items the server does not support (404 on the /debug/db endpoints of older servers) as failures'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l no-scrub -d 'Do not scrub secrets from the cmdline (the archive will hold the server\'s passwords and keys)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l metrics-password-stdin -d 'Read the /metrics Basic-auth password from stdin (else $FLEETCTL_METRICS_PASSWORD); with a context\'s metrics-username set, the archive then includes metrics.txt'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l all-contexts -d 'Archive every context in the config file, one folder each (or repeat --context)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l report -d 'Also put report.html in the archive: the `debug inspect --html` report (flame graphs, tables), for a browser'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l when-unhealthy -d 'Wait until a server (with --each-server: a backend) answers /healthz unhealthy, not at all, or slowly --for polls in a row, then capture it at once (a snapshot, or a timeline with --duration); a server that is down: capture every other one and record its failures'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l each-server -d 'Reach every address the context\'s host name resolves to (A and AAAA, through the system resolver), each as its own server'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from archive" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from profile" -l seconds -d 'How long the server collects, in seconds [default: 30 for profile, 1 for trace]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from profile" -s o -l outfile -d 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from profile" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from profile" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from profile" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from profile" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from profile" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from profile" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from heap" -s o -l outfile -d 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from heap" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from heap" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from heap" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from heap" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from heap" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from heap" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from goroutine" -s o -l outfile -d 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from goroutine" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from goroutine" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from goroutine" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from goroutine" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from goroutine" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from goroutine" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from trace" -l seconds -d 'How long the server collects, in seconds [default: 30 for profile, 1 for trace]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from trace" -s o -l outfile -d 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from trace" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from trace" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from trace" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from trace" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from trace" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from trace" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from allocs" -s o -l outfile -d 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from allocs" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from allocs" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from allocs" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from allocs" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from allocs" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from allocs" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from block" -s o -l outfile -d 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from block" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from block" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from block" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from block" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from block" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from block" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from mutex" -s o -l outfile -d 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from mutex" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from mutex" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from mutex" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from mutex" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from mutex" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from mutex" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from threadcreate" -s o -l outfile -d 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from threadcreate" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from threadcreate" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from threadcreate" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from threadcreate" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from threadcreate" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from threadcreate" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from cmdline" -s o -l outfile -d 'Write to this file (or into this folder) instead of stdout; `-` is stdout' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from cmdline" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from cmdline" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from cmdline" -l no-scrub -d 'Do not scrub secrets (prints the server\'s passwords and keys)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from cmdline" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from cmdline" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from cmdline" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from cmdline" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from errors" -s o -l outfile -d 'Write to this file (or into this folder) instead of stdout; `-` is stdout' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from errors" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from errors" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from errors" -l flush -d 'Clear the server\'s error store after reading it [env: FLUSH]'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from errors" -l stdout -d 'Print to stdout instead of writing a file [env: STDOUT]'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from errors" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from errors" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from errors" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from errors" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from migrations" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from migrations" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from migrations" -l json -d 'Print the server\'s JSON answer'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from migrations" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from migrations" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from migrations" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-locks" -s o -l outfile -d 'Write to this file (or into this folder) instead of stdout; `-` is stdout' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-locks" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-locks" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-locks" -l stdout -d 'Print to stdout instead of writing a file [env: STDOUT]'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-locks" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-locks" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-locks" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-locks" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-innodb-status" -s o -l outfile -d 'Write to this file (or into this folder) instead of stdout; `-` is stdout' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-innodb-status" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-innodb-status" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-innodb-status" -l stdout -d 'Print to stdout instead of writing a file [env: STDOUT]'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-innodb-status" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-innodb-status" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-innodb-status" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-innodb-status" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-process-list" -s o -l outfile -d 'Write to this file (or into this folder) instead of stdout; `-` is stdout' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-process-list" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-process-list" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-process-list" -l stdout -d 'Print to stdout instead of writing a file [env: STDOUT]'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-process-list" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-process-list" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-process-list" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from db-process-list" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from metrics" -s o -l outfile -d 'Write to this file (or into this folder) instead of stdout; `-` is stdout' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from metrics" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from metrics" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from metrics" -l password-stdin -d 'Read the metrics password from stdin [default: $FLEETCTL_METRICS_PASSWORD]'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from metrics" -l force -d 'Replace the output file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from metrics" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from metrics" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from metrics" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from connection" -l fleet-certificate -d 'PEM certificate(s) the agents trust (osquery\'s --tls_server_certs), used as the only roots' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from connection" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from connection" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from connection" -l json -d 'Print the steps as JSON ({address, ok, steps: [{step, ok, detail}]}) instead of lines'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from connection" -l each-server -d 'Run the TCP, TLS and enroll steps against every address the host name resolves to (each backend behind the load balancer), keeping the name for TLS and `Host`'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from connection" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from connection" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from connection" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -l top -d 'How many functions to list per profile' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -l html -d 'Write a self-contained HTML report (manifest tables, flame graphs, servers side by side, timeline) to FILE' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -l flamegraph -d 'Write the profile\'s flame graph (with --base: the differential flame graph) as an SVG to FILE' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -l base -d 'Compare with an older profile or archive of the same kind: the functions whose share grew or shrank most' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -l member -d 'With --base on two archives and --flamegraph: the member to draw (e.g. heap.prof, or fleet-01/heap.prof)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -l json -d 'Print JSON'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -l force -d 'Replace the --html or --flamegraph file if it exists'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "archive" -d 'Fetch every profile and debug endpoint concurrently into one scrubbed .tar.gz'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "profile" -d 'Save a CPU profile (takes --seconds)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "heap" -d 'Save a heap profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "goroutine" -d 'Save a goroutine profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "trace" -d 'Save a Go execution trace (takes --seconds)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "allocs" -d 'Save an allocations profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "block" -d 'Save a block profile (empty unless the server enabled block sampling)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "mutex" -d 'Save a mutex profile (empty unless the server enabled mutex sampling)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "threadcreate" -d 'Save a thread-creation profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "cmdline" -d 'Print the server\'s command line, scrubbed of secrets'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "errors" -d 'Save the server\'s recent errors (JSON) to ./fleet-errors-<timestamp>Z.json (--stdout: print them)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "migrations" -d 'Show the database migration status'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "db-locks" -d 'Save the database locks (JSON) to ./fleet-db-locks-<timestamp>Z.json (--stdout: print them)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "db-innodb-status" -d 'Save the InnoDB status (JSON) to ./fleet-db-innodb-status-<timestamp>Z.json (--stdout: print it)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "db-process-list" -d 'Save the database process list (JSON) to ./fleet-db-process-list-<timestamp>Z.json (--stdout: print it)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "metrics" -d 'Print the server\'s Prometheus metrics (Basic auth: the context\'s metrics-username)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "connection" -d 'Check DNS, TCP, the TLS certificate and the agent enroll endpoint, one line a step'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Summarise an archive or a profile (manifest, top functions), draw its flame graphs or HTML report, or compare two (no Go needed)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand debug; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -l check -d 'Only run this check (repeatable) [default: all of the server\'s checks]' -r -f -a "mysql\t''
redis\t''"
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -l server -d 'Reach this backend directly (repeatable): `ip`, `ip:port`, `[v6]:port` or `host:port`; TLS still verifies the context\'s host name, sent as `Host` too, with the context\'s token, url-prefix, rootca and headers; never through a proxy' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -l servers-from -d 'Read backends from a file (`-` for stdin), one address a line as for --server, `#` starts a comment' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -l all-contexts -d 'Check every context in the config file (instead of --context, which may be repeated)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -l json -d 'Print JSON'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -l each-server -d 'Reach every address the context\'s host name resolves to (A and AAAA, through the system resolver), each as its own server'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand health" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -s X -l method -d 'HTTP method [default: GET; POST with --input]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -s F -l field -d 'Field KEY=VALUE, as in the Go fleetctl: a query parameter on GET; otherwise a member of the JSON body (VALUE parsed as JSON when it is valid JSON, else a string; a bare KEY is true); KEY=<FILE uses the file\'s contents, KEY=@FILE uploads the file (multipart)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -s f -l raw-field -d 'String field KEY=VALUE, sent as it is (never parsed as JSON or read from a file)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -s H -l header -d 'Request header \'Name:Value\' (repeatable; Authorization and Host come from the context)' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -l input -d 'Request body from FILE, or - for stdin (fields then go to the query string)' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -s i -l include -d 'Print the HTTP status line and response headers before the body'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -l silent -d 'Do not print the response body'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand api" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand completion" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand completion" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand completion" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand completion" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand completion" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand man" -l dir -d 'Write the pages of every command and subcommand into DIR (created if missing) instead of printing fleetctl.1' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand man" -l config -d 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]' -r -F
complete -c fleetctl -n "__fish_fleetctl_using_subcommand man" -l context -d 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]' -r
complete -c fleetctl -n "__fish_fleetctl_using_subcommand man" -l debug -d 'Log each HTTP request and response status to stderr (tokens are redacted)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand man" -s V -s v -l version -d 'Print version (`-v` as in the Go fleetctl)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand man" -s h -l help -d 'Print help'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and not __fish_seen_subcommand_from config login logout whoami debug health api completion man help" -f -a "config" -d 'Manage named contexts in the config file'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and not __fish_seen_subcommand_from config login logout whoami debug health api completion man help" -f -a "login" -d 'Log in with email and password and store the session token in the context'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and not __fish_seen_subcommand_from config login logout whoami debug health api completion man help" -f -a "logout" -d 'Log out: end the server session and remove the stored token'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and not __fish_seen_subcommand_from config login logout whoami debug health api completion man help" -f -a "whoami" -d 'Show which user the stored token belongs to, and the server version'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and not __fish_seen_subcommand_from config login logout whoami debug health api completion man help" -f -a "debug" -d 'Fetch profiles and debug information from Fleet servers, and diagnose connections'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and not __fish_seen_subcommand_from config login logout whoami debug health api completion man help" -f -a "health" -d 'Check the health endpoint of one or many servers (exit 0 only when all are healthy)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and not __fish_seen_subcommand_from config login logout whoami debug health api completion man help" -f -a "api" -d 'Call any REST API path with the context\'s address, TLS settings, headers and token (like `gh api`)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and not __fish_seen_subcommand_from config login logout whoami debug health api completion man help" -f -a "completion" -d 'Print a shell completion script'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and not __fish_seen_subcommand_from config login logout whoami debug health api completion man help" -f -a "man" -d 'Print the manual page (roff), or write the pages of every subcommand with --dir'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and not __fish_seen_subcommand_from config login logout whoami debug health api completion man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Create or update a context; fields not given keep their value (an empty value clears one)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print one field, or the whole context (the token is masked)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "use-context" -d 'Make a context the current one'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get-contexts" -d 'List the contexts, marking the current one'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "current-context" -d 'Print the selected context\'s name, and on stderr where the choice came from'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "delete-context" -d 'Delete a context'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "rename-context" -d 'Rename a context'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "import" -d 'Import contexts (tokens included) from the Go fleetctl\'s config, without printing them'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "archive" -d 'Fetch every profile and debug endpoint concurrently into one scrubbed .tar.gz'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "profile" -d 'Save a CPU profile (takes --seconds)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "heap" -d 'Save a heap profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "goroutine" -d 'Save a goroutine profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "trace" -d 'Save a Go execution trace (takes --seconds)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "allocs" -d 'Save an allocations profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "block" -d 'Save a block profile (empty unless the server enabled block sampling)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "mutex" -d 'Save a mutex profile (empty unless the server enabled mutex sampling)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "threadcreate" -d 'Save a thread-creation profile'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "cmdline" -d 'Print the server\'s command line, scrubbed of secrets'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "errors" -d 'Save the server\'s recent errors (JSON) to ./fleet-errors-<timestamp>Z.json (--stdout: print them)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "migrations" -d 'Show the database migration status'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "db-locks" -d 'Save the database locks (JSON) to ./fleet-db-locks-<timestamp>Z.json (--stdout: print them)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "db-innodb-status" -d 'Save the InnoDB status (JSON) to ./fleet-db-innodb-status-<timestamp>Z.json (--stdout: print it)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "db-process-list" -d 'Save the database process list (JSON) to ./fleet-db-process-list-<timestamp>Z.json (--stdout: print it)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "metrics" -d 'Print the server\'s Prometheus metrics (Basic auth: the context\'s metrics-username)'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "connection" -d 'Check DNS, TCP, the TLS certificate and the agent enroll endpoint, one line a step'
complete -c fleetctl -n "__fish_fleetctl_using_subcommand help; and __fish_seen_subcommand_from debug" -f -a "inspect" -d 'Summarise an archive or a profile (manifest, top functions), draw its flame graphs or HTML report, or compare two (no Go needed)'
