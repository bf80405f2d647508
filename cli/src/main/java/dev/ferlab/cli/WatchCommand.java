package dev.ferlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferlab watch ID}: one experiment followed to its end. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follows an experiment until it ends, printing each change, then its results.")
final class WatchCommand extends GatewayCommand {
    @Parameters(paramLabel = "EXPERIMENT_ID")
    String id;

    @Override
    public Integer call() throws Exception {
        return new Watcher(gateway(), out()).watch(id);
    }
}
