package dev.ferlab.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}, on every read command: JSON gives scripts the gateway's answer as it came. */
final class OutputOption {
    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json, for scripts")
    FerlabCli.Output format;

    boolean json() {
        return format == FerlabCli.Output.json;
    }
}
