
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'fleetctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'fleetctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'fleetctl' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Manage named contexts in the config file')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in with email and password and store the session token in the context')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Log out: end the server session and remove the stored token')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show which user the stored token belongs to, and the server version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show which user the stored token belongs to, and the server version')
            [CompletionResult]::new('debug', 'debug', [CompletionResultType]::ParameterValue, 'Fetch profiles and debug information from Fleet servers, and diagnose connections')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the health endpoint of one or many servers (exit 0 only when all are healthy)')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Call any REST API path with the context''s address, TLS settings, headers and token (like `gh api`)')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), or write the pages of every subcommand with --dir')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fleetctl;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Create or update a context; fields not given keep their value (an empty value clears one)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one field, or the whole context (the token is masked)')
            [CompletionResult]::new('use-context', 'use-context', [CompletionResultType]::ParameterValue, 'Make a context the current one')
            [CompletionResult]::new('get-contexts', 'get-contexts', [CompletionResultType]::ParameterValue, 'List the contexts, marking the current one')
            [CompletionResult]::new('current-context', 'current-context', [CompletionResultType]::ParameterValue, 'Print the selected context''s name, and on stderr where the choice came from')
            [CompletionResult]::new('delete-context', 'delete-context', [CompletionResultType]::ParameterValue, 'Delete a context')
            [CompletionResult]::new('rename-context', 'rename-context', [CompletionResultType]::ParameterValue, 'Rename a context')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import contexts (tokens included) from the Go fleetctl''s config, without printing them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fleetctl;config;set' {
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Fleet server address, e.g. https://fleet.example.com:8080 (its path is ignored: see --url-prefix)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email used by `fleetctl login`')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token, e.g. an API-only user''s (visible in shell history and `ps`; prefer --token-stdin)')
            [CompletionResult]::new('--tls-skip-verify', '--tls-skip-verify', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (insecure); --tls-skip-verify=false turns it off again')
            [CompletionResult]::new('--rootca', '--rootca', [CompletionResultType]::ParameterName, 'PEM file of CA certificates that replaces the system trust store for this context ('''' removes it)')
            [CompletionResult]::new('--url-prefix', '--url-prefix', [CompletionResultType]::ParameterName, 'Path prefix the server is mounted under, e.g. /fleet ('''' removes it)')
            [CompletionResult]::new('--custom-header', '--custom-header', [CompletionResultType]::ParameterName, 'Header sent with every request, as ''Name: Value'' (repeatable); replaces every stored custom header, as in the Go fleetctl ('''' removes them all; --add-header adds one)')
            [CompletionResult]::new('--add-header', '--add-header', [CompletionResultType]::ParameterName, 'Add (or replace by name) one custom header, keeping the others (repeatable)')
            [CompletionResult]::new('--metrics-username', '--metrics-username', [CompletionResultType]::ParameterName, 'User for the server''s /metrics Basic auth (the password is read at use, never stored)')
            [CompletionResult]::new('--remove-header', '--remove-header', [CompletionResultType]::ParameterName, 'Remove a custom header by name (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the API token from standard input (on a terminal: a prompt that does not echo it)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;config;get' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--show-token', '--show-token', [CompletionResultType]::ParameterName, 'Show the token in clear instead of masked')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;config;use-context' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;config;get-contexts' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;config;current-context' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;config;delete-context' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;config;rename-context' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;config;import' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace contexts that already exist here (default: keep them and report them)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;config;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Create or update a context; fields not given keep their value (an empty value clears one)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one field, or the whole context (the token is masked)')
            [CompletionResult]::new('use-context', 'use-context', [CompletionResultType]::ParameterValue, 'Make a context the current one')
            [CompletionResult]::new('get-contexts', 'get-contexts', [CompletionResultType]::ParameterValue, 'List the contexts, marking the current one')
            [CompletionResult]::new('current-context', 'current-context', [CompletionResultType]::ParameterValue, 'Print the selected context''s name, and on stderr where the choice came from')
            [CompletionResult]::new('delete-context', 'delete-context', [CompletionResultType]::ParameterValue, 'Delete a context')
            [CompletionResult]::new('rename-context', 'rename-context', [CompletionResultType]::ParameterValue, 'Rename a context')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import contexts (tokens included) from the Go fleetctl''s config, without printing them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fleetctl;config;help;set' {
            break
        }
        'fleetctl;config;help;get' {
            break
        }
        'fleetctl;config;help;use-context' {
            break
        }
        'fleetctl;config;help;get-contexts' {
            break
        }
        'fleetctl;config;help;current-context' {
            break
        }
        'fleetctl;config;help;delete-context' {
            break
        }
        'fleetctl;config;help;rename-context' {
            break
        }
        'fleetctl;config;help;import' {
            break
        }
        'fleetctl;config;help;help' {
            break
        }
        'fleetctl;login' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email to log in with [default: $EMAIL, else the context''s email, else a prompt]')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password, as the Go fleetctl takes it: visible to other local users (ps) and in shell history, so a warning says so; prefer --password-stdin or FLEETCTL_PASSWORD')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input instead of prompting [default: $FLEETCTL_PASSWORD, else $PASSWORD, else a prompt]')
            [CompletionResult]::new('--mfa-link-stdin', '--mfa-link-stdin', [CompletionResultType]::ParameterName, 'Email two-factor: read the link from the email (or its token alone) from standard input once the server has sent it, instead of prompting for it')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;logout' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;whoami' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;status' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Fetch every profile and debug endpoint concurrently into one scrubbed .tar.gz')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Save a CPU profile (takes --seconds)')
            [CompletionResult]::new('heap', 'heap', [CompletionResultType]::ParameterValue, 'Save a heap profile')
            [CompletionResult]::new('goroutine', 'goroutine', [CompletionResultType]::ParameterValue, 'Save a goroutine profile')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Save a Go execution trace (takes --seconds)')
            [CompletionResult]::new('allocs', 'allocs', [CompletionResultType]::ParameterValue, 'Save an allocations profile')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Save a block profile (empty unless the server enabled block sampling)')
            [CompletionResult]::new('mutex', 'mutex', [CompletionResultType]::ParameterValue, 'Save a mutex profile (empty unless the server enabled mutex sampling)')
            [CompletionResult]::new('threadcreate', 'threadcreate', [CompletionResultType]::ParameterValue, 'Save a thread-creation profile')
            [CompletionResult]::new('cmdline', 'cmdline', [CompletionResultType]::ParameterValue, 'Print the server''s command line, scrubbed of secrets')
            [CompletionResult]::new('errors', 'errors', [CompletionResultType]::ParameterValue, 'Save the server''s recent errors (JSON) to ./fleet-errors-<timestamp>Z.json (--stdout: print them)')
            [CompletionResult]::new('migrations', 'migrations', [CompletionResultType]::ParameterValue, 'Show the database migration status')
            [CompletionResult]::new('db-locks', 'db-locks', [CompletionResultType]::ParameterValue, 'Save the database locks (JSON) to ./fleet-db-locks-<timestamp>Z.json (--stdout: print them)')
            [CompletionResult]::new('db-innodb-status', 'db-innodb-status', [CompletionResultType]::ParameterValue, 'Save the InnoDB status (JSON) to ./fleet-db-innodb-status-<timestamp>Z.json (--stdout: print it)')
            [CompletionResult]::new('db-process-list', 'db-process-list', [CompletionResultType]::ParameterValue, 'Save the database process list (JSON) to ./fleet-db-process-list-<timestamp>Z.json (--stdout: print it)')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Print the server''s Prometheus metrics (Basic auth: the context''s metrics-username)')
            [CompletionResult]::new('connection', 'connection', [CompletionResultType]::ParameterValue, 'Check DNS, TCP, the TLS certificate and the agent enroll endpoint, one line a step')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Summarise an archive or a profile (manifest, top functions), draw its flame graphs or HTML report, or compare two (no Go needed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fleetctl;debug;archive' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Archive path, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-profiles-archive-<YYYYMMDDhhmmss>Z.tar.gz]')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Archive path, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-profiles-archive-<YYYYMMDDhhmmss>Z.tar.gz]')
            [CompletionResult]::new('--profile-seconds', '--profile-seconds', [CompletionResultType]::ParameterName, 'Length of the CPU profile, in seconds (the server refuses more than its write timeout, about 100 s)')
            [CompletionResult]::new('--trace-seconds', '--trace-seconds', [CompletionResultType]::ParameterName, 'Length of the execution trace, in seconds')
            [CompletionResult]::new('--max-item-mib', '--max-item-mib', [CompletionResultType]::ParameterName, 'Largest answer accepted for one item, in MiB (also what a gzipped profile may inflate to); at most 1048576 (1 TiB)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Capture over time: every --interval for this long (`90s`, `5m`, `1h`), each round into `interval/0000/`, `interval/0001/`, ...; cmdline and trace once, at the start')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between rounds of a --duration capture (at least 1s, at most 1000 rounds); the CPU profile of each round is min(--profile-seconds, interval) long [default: 30s]')
            [CompletionResult]::new('--max-archive-mib', '--max-archive-mib', [CompletionResultType]::ParameterName, 'End a --duration capture cleanly (writing the rounds completed) once the items fetched reach this many MiB')
            [CompletionResult]::new('--poll', '--poll', [CompletionResultType]::ParameterName, 'Time between /healthz polls of --when-unhealthy [default: 10s]')
            [CompletionResult]::new('--latency-over', '--latency-over', [CompletionResultType]::ParameterName, 'A /healthz answer slower than this counts as unhealthy [default: 2s]')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Bad polls in a row that trigger the capture [default: 2]')
            [CompletionResult]::new('--wait-max', '--wait-max', [CompletionResultType]::ParameterName, 'Give up waiting after this long: exit 6, nothing written [default: 24h]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Reach this backend directly (repeatable): `ip`, `ip:port`, `[v6]:port` or `host:port`; TLS still verifies the context''s host name, sent as `Host` too, with the context''s token, url-prefix, rootca and headers; never through a proxy')
            [CompletionResult]::new('--servers-from', '--servers-from', [CompletionResultType]::ParameterName, 'Read backends from a file (`-` for stdin), one address a line as for --server, `#` starts a comment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON summary on stdout instead of the archive path')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Also count items the server does not support (404 on the /debug/db endpoints of older servers) as failures')
            [CompletionResult]::new('--no-scrub', '--no-scrub', [CompletionResultType]::ParameterName, 'Do not scrub secrets from the cmdline (the archive will hold the server''s passwords and keys)')
            [CompletionResult]::new('--metrics-password-stdin', '--metrics-password-stdin', [CompletionResultType]::ParameterName, 'Read the /metrics Basic-auth password from stdin (else $FLEETCTL_METRICS_PASSWORD); with a context''s metrics-username set, the archive then includes metrics.txt')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Archive every context in the config file, one folder each (or repeat --context)')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Also put report.html in the archive: the `debug inspect --html` report (flame graphs, tables), for a browser')
            [CompletionResult]::new('--when-unhealthy', '--when-unhealthy', [CompletionResultType]::ParameterName, 'Wait until a server (with --each-server: a backend) answers /healthz unhealthy, not at all, or slowly --for polls in a row, then capture it at once (a snapshot, or a timeline with --duration); a server that is down: capture every other one and record its failures')
            [CompletionResult]::new('--each-server', '--each-server', [CompletionResultType]::ParameterName, 'Reach every address the context''s host name resolves to (A and AAAA, through the system resolver), each as its own server')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;profile' {
            [CompletionResult]::new('--seconds', '--seconds', [CompletionResultType]::ParameterName, 'How long the server collects, in seconds [default: 30 for profile, 1 for trace]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;heap' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;goroutine' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;trace' {
            [CompletionResult]::new('--seconds', '--seconds', [CompletionResultType]::ParameterName, 'How long the server collects, in seconds [default: 30 for profile, 1 for trace]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;allocs' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;block' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;mutex' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;threadcreate' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Output file, or a folder to write the default name in, or `-` for stdout when it is not a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;cmdline' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--no-scrub', '--no-scrub', [CompletionResultType]::ParameterName, 'Do not scrub secrets (prints the server''s passwords and keys)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;errors' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--flush', '--flush', [CompletionResultType]::ParameterName, 'Clear the server''s error store after reading it [env: FLUSH]')
            [CompletionResult]::new('--stdout', '--stdout', [CompletionResultType]::ParameterName, 'Print to stdout instead of writing a file [env: STDOUT]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;migrations' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the server''s JSON answer')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;db-locks' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--stdout', '--stdout', [CompletionResultType]::ParameterName, 'Print to stdout instead of writing a file [env: STDOUT]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;db-innodb-status' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--stdout', '--stdout', [CompletionResultType]::ParameterName, 'Print to stdout instead of writing a file [env: STDOUT]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;db-process-list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--stdout', '--stdout', [CompletionResultType]::ParameterName, 'Print to stdout instead of writing a file [env: STDOUT]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;metrics' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Write to this file (or into this folder) instead of stdout; `-` is stdout')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the metrics password from stdin [default: $FLEETCTL_METRICS_PASSWORD]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;connection' {
            [CompletionResult]::new('--fleet-certificate', '--fleet-certificate', [CompletionResultType]::ParameterName, 'PEM certificate(s) the agents trust (osquery''s --tls_server_certs), used as the only roots')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the steps as JSON ({address, ok, steps: [{step, ok, detail}]}) instead of lines')
            [CompletionResult]::new('--each-server', '--each-server', [CompletionResultType]::ParameterName, 'Run the TCP, TLS and enroll steps against every address the host name resolves to (each backend behind the load balancer), keeping the name for TLS and `Host`')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;inspect' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'How many functions to list per profile')
            [CompletionResult]::new('--html', '--html', [CompletionResultType]::ParameterName, 'Write a self-contained HTML report (manifest tables, flame graphs, servers side by side, timeline) to FILE')
            [CompletionResult]::new('--flamegraph', '--flamegraph', [CompletionResultType]::ParameterName, 'Write the profile''s flame graph (with --base: the differential flame graph) as an SVG to FILE')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'Compare with an older profile or archive of the same kind: the functions whose share grew or shrank most')
            [CompletionResult]::new('--member', '--member', [CompletionResultType]::ParameterName, 'With --base on two archives and --flamegraph: the member to draw (e.g. heap.prof, or fleet-01/heap.prof)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the --html or --flamegraph file if it exists')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;debug;help' {
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Fetch every profile and debug endpoint concurrently into one scrubbed .tar.gz')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Save a CPU profile (takes --seconds)')
            [CompletionResult]::new('heap', 'heap', [CompletionResultType]::ParameterValue, 'Save a heap profile')
            [CompletionResult]::new('goroutine', 'goroutine', [CompletionResultType]::ParameterValue, 'Save a goroutine profile')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Save a Go execution trace (takes --seconds)')
            [CompletionResult]::new('allocs', 'allocs', [CompletionResultType]::ParameterValue, 'Save an allocations profile')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Save a block profile (empty unless the server enabled block sampling)')
            [CompletionResult]::new('mutex', 'mutex', [CompletionResultType]::ParameterValue, 'Save a mutex profile (empty unless the server enabled mutex sampling)')
            [CompletionResult]::new('threadcreate', 'threadcreate', [CompletionResultType]::ParameterValue, 'Save a thread-creation profile')
            [CompletionResult]::new('cmdline', 'cmdline', [CompletionResultType]::ParameterValue, 'Print the server''s command line, scrubbed of secrets')
            [CompletionResult]::new('errors', 'errors', [CompletionResultType]::ParameterValue, 'Save the server''s recent errors (JSON) to ./fleet-errors-<timestamp>Z.json (--stdout: print them)')
            [CompletionResult]::new('migrations', 'migrations', [CompletionResultType]::ParameterValue, 'Show the database migration status')
            [CompletionResult]::new('db-locks', 'db-locks', [CompletionResultType]::ParameterValue, 'Save the database locks (JSON) to ./fleet-db-locks-<timestamp>Z.json (--stdout: print them)')
            [CompletionResult]::new('db-innodb-status', 'db-innodb-status', [CompletionResultType]::ParameterValue, 'Save the InnoDB status (JSON) to ./fleet-db-innodb-status-<timestamp>Z.json (--stdout: print it)')
            [CompletionResult]::new('db-process-list', 'db-process-list', [CompletionResultType]::ParameterValue, 'Save the database process list (JSON) to ./fleet-db-process-list-<timestamp>Z.json (--stdout: print it)')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Print the server''s Prometheus metrics (Basic auth: the context''s metrics-username)')
            [CompletionResult]::new('connection', 'connection', [CompletionResultType]::ParameterValue, 'Check DNS, TCP, the TLS certificate and the agent enroll endpoint, one line a step')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Summarise an archive or a profile (manifest, top functions), draw its flame graphs or HTML report, or compare two (no Go needed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fleetctl;debug;help;archive' {
            break
        }
        'fleetctl;debug;help;profile' {
            break
        }
        'fleetctl;debug;help;heap' {
            break
        }
        'fleetctl;debug;help;goroutine' {
            break
        }
        'fleetctl;debug;help;trace' {
            break
        }
        'fleetctl;debug;help;allocs' {
            break
        }
        'fleetctl;debug;help;block' {
            break
        }
        'fleetctl;debug;help;mutex' {
            break
        }
        'fleetctl;debug;help;threadcreate' {
            break
        }
        'fleetctl;debug;help;cmdline' {
            break
        }
        'fleetctl;debug;help;errors' {
            break
        }
        'fleetctl;debug;help;migrations' {
            break
        }
        'fleetctl;debug;help;db-locks' {
            break
        }
        'fleetctl;debug;help;db-innodb-status' {
            break
        }
        'fleetctl;debug;help;db-process-list' {
            break
        }
        'fleetctl;debug;help;metrics' {
            break
        }
        'fleetctl;debug;help;connection' {
            break
        }
        'fleetctl;debug;help;inspect' {
            break
        }
        'fleetctl;debug;help;help' {
            break
        }
        'fleetctl;health' {
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Only run this check (repeatable) [default: all of the server''s checks]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Reach this backend directly (repeatable): `ip`, `ip:port`, `[v6]:port` or `host:port`; TLS still verifies the context''s host name, sent as `Host` too, with the context''s token, url-prefix, rootca and headers; never through a proxy')
            [CompletionResult]::new('--servers-from', '--servers-from', [CompletionResultType]::ParameterName, 'Read backends from a file (`-` for stdin), one address a line as for --server, `#` starts a comment')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Check every context in the config file (instead of --context, which may be repeated)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('--each-server', '--each-server', [CompletionResultType]::ParameterName, 'Reach every address the context''s host name resolves to (A and AAAA, through the system resolver), each as its own server')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;api' {
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'HTTP method [default: GET; POST with --input]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method [default: GET; POST with --input]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Field KEY=VALUE, as in the Go fleetctl: a query parameter on GET; otherwise a member of the JSON body (VALUE parsed as JSON when it is valid JSON, else a string; a bare KEY is true); KEY=<FILE uses the file''s contents, KEY=@FILE uploads the file (multipart)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Field KEY=VALUE, as in the Go fleetctl: a query parameter on GET; otherwise a member of the JSON body (VALUE parsed as JSON when it is valid JSON, else a string; a bare KEY is true); KEY=<FILE uses the file''s contents, KEY=@FILE uploads the file (multipart)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'String field KEY=VALUE, sent as it is (never parsed as JSON or read from a file)')
            [CompletionResult]::new('--raw-field', '--raw-field', [CompletionResultType]::ParameterName, 'String field KEY=VALUE, sent as it is (never parsed as JSON or read from a file)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Request header ''Name:Value'' (repeatable; Authorization and Host come from the context)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Request header ''Name:Value'' (repeatable; Authorization and Host come from the context)')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Request body from FILE, or - for stdin (fields then go to the query string)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Print the HTTP status line and response headers before the body')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Print the HTTP status line and response headers before the body')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'Do not print the response body')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;completion' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write the pages of every command and subcommand into DIR (created if missing) instead of printing fleetctl.1')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log each HTTP request and response status to stderr (tokens are redacted)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version (`-v` as in the Go fleetctl)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'fleetctl;help' {
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Manage named contexts in the config file')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in with email and password and store the session token in the context')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Log out: end the server session and remove the stored token')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show which user the stored token belongs to, and the server version')
            [CompletionResult]::new('debug', 'debug', [CompletionResultType]::ParameterValue, 'Fetch profiles and debug information from Fleet servers, and diagnose connections')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the health endpoint of one or many servers (exit 0 only when all are healthy)')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Call any REST API path with the context''s address, TLS settings, headers and token (like `gh api`)')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), or write the pages of every subcommand with --dir')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fleetctl;help;config' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Create or update a context; fields not given keep their value (an empty value clears one)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one field, or the whole context (the token is masked)')
            [CompletionResult]::new('use-context', 'use-context', [CompletionResultType]::ParameterValue, 'Make a context the current one')
            [CompletionResult]::new('get-contexts', 'get-contexts', [CompletionResultType]::ParameterValue, 'List the contexts, marking the current one')
            [CompletionResult]::new('current-context', 'current-context', [CompletionResultType]::ParameterValue, 'Print the selected context''s name, and on stderr where the choice came from')
            [CompletionResult]::new('delete-context', 'delete-context', [CompletionResultType]::ParameterValue, 'Delete a context')
            [CompletionResult]::new('rename-context', 'rename-context', [CompletionResultType]::ParameterValue, 'Rename a context')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import contexts (tokens included) from the Go fleetctl''s config, without printing them')
            break
        }
        'fleetctl;help;config;set' {
            break
        }
        'fleetctl;help;config;get' {
            break
        }
        'fleetctl;help;config;use-context' {
            break
        }
        'fleetctl;help;config;get-contexts' {
            break
        }
        'fleetctl;help;config;current-context' {
            break
        }
        'fleetctl;help;config;delete-context' {
            break
        }
        'fleetctl;help;config;rename-context' {
            break
        }
        'fleetctl;help;config;import' {
            break
        }
        'fleetctl;help;login' {
            break
        }
        'fleetctl;help;logout' {
            break
        }
        'fleetctl;help;whoami' {
            break
        }
        'fleetctl;help;debug' {
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Fetch every profile and debug endpoint concurrently into one scrubbed .tar.gz')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Save a CPU profile (takes --seconds)')
            [CompletionResult]::new('heap', 'heap', [CompletionResultType]::ParameterValue, 'Save a heap profile')
            [CompletionResult]::new('goroutine', 'goroutine', [CompletionResultType]::ParameterValue, 'Save a goroutine profile')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Save a Go execution trace (takes --seconds)')
            [CompletionResult]::new('allocs', 'allocs', [CompletionResultType]::ParameterValue, 'Save an allocations profile')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Save a block profile (empty unless the server enabled block sampling)')
            [CompletionResult]::new('mutex', 'mutex', [CompletionResultType]::ParameterValue, 'Save a mutex profile (empty unless the server enabled mutex sampling)')
            [CompletionResult]::new('threadcreate', 'threadcreate', [CompletionResultType]::ParameterValue, 'Save a thread-creation profile')
            [CompletionResult]::new('cmdline', 'cmdline', [CompletionResultType]::ParameterValue, 'Print the server''s command line, scrubbed of secrets')
            [CompletionResult]::new('errors', 'errors', [CompletionResultType]::ParameterValue, 'Save the server''s recent errors (JSON) to ./fleet-errors-<timestamp>Z.json (--stdout: print them)')
            [CompletionResult]::new('migrations', 'migrations', [CompletionResultType]::ParameterValue, 'Show the database migration status')
            [CompletionResult]::new('db-locks', 'db-locks', [CompletionResultType]::ParameterValue, 'Save the database locks (JSON) to ./fleet-db-locks-<timestamp>Z.json (--stdout: print them)')
            [CompletionResult]::new('db-innodb-status', 'db-innodb-status', [CompletionResultType]::ParameterValue, 'Save the InnoDB status (JSON) to ./fleet-db-innodb-status-<timestamp>Z.json (--stdout: print it)')
            [CompletionResult]::new('db-process-list', 'db-process-list', [CompletionResultType]::ParameterValue, 'Save the database process list (JSON) to ./fleet-db-process-list-<timestamp>Z.json (--stdout: print it)')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Print the server''s Prometheus metrics (Basic auth: the context''s metrics-username)')
            [CompletionResult]::new('connection', 'connection', [CompletionResultType]::ParameterValue, 'Check DNS, TCP, the TLS certificate and the agent enroll endpoint, one line a step')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Summarise an archive or a profile (manifest, top functions), draw its flame graphs or HTML report, or compare two (no Go needed)')
            break
        }
        'fleetctl;help;debug;archive' {
            break
        }
        'fleetctl;help;debug;profile' {
            break
        }
        'fleetctl;help;debug;heap' {
            break
        }
        'fleetctl;help;debug;goroutine' {
            break
        }
        'fleetctl;help;debug;trace' {
            break
        }
        'fleetctl;help;debug;allocs' {
            break
        }
        'fleetctl;help;debug;block' {
            break
        }
        'fleetctl;help;debug;mutex' {
            break
        }
        'fleetctl;help;debug;threadcreate' {
            break
        }
        'fleetctl;help;debug;cmdline' {
            break
        }
        'fleetctl;help;debug;errors' {
            break
        }
        'fleetctl;help;debug;migrations' {
            break
        }
        'fleetctl;help;debug;db-locks' {
            break
        }
        'fleetctl;help;debug;db-innodb-status' {
            break
        }
        'fleetctl;help;debug;db-process-list' {
            break
        }
        'fleetctl;help;debug;metrics' {
            break
        }
        'fleetctl;help;debug;connection' {
            break
        }
        'fleetctl;help;debug;inspect' {
            break
        }
        'fleetctl;help;health' {
            break
        }
        'fleetctl;help;api' {
            break
        }
        'fleetctl;help;completion' {
            break
        }
        'fleetctl;help;man' {
            break
        }
        'fleetctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
