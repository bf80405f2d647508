package dev.ferlab.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that talks to the gateway: the client and the output stream come from the root command. */
abstract class GatewayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    FerlabCli root() {
        return (FerlabCli) spec.root().userObject();
    }

    GatewayClient gateway() {
        return root().client();
    }

    PrintStream out() {
        return root().out;
    }

    /**
     * A read of a list: with {@code --output json} the gateway's answer as it came, otherwise a line per element.
     *
     * @param what what could not be read, for the message when the gateway refuses
     */
    int list(OutputOption output, String path, String what,
            java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, String> line) throws Exception {
        com.fasterxml.jackson.databind.JsonNode items = FerlabCli.expect(gateway().get(path), what, 200).body();
        if (output.json()) {
            FerlabCli.printJson(out(), items);
        } else {
            items.forEach(item -> out().println(line.apply(item)));
        }
        return 0;
    }
}
