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
}
