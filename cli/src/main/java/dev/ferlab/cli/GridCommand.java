package dev.ferlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferlab grid}: submits a grid; {@code ferlab grid complete ID}: its missing, failed and cancelled cells. */
@Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Submits a grid: the product of its models, transfer modes, preprocessing variants and seeds.",
        subcommands = GridCommand.Complete.class)
final class GridCommand extends GatewayCommand {
    @Mixin
    GridOptions grid;
    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "the same key again answers with the first grid and creates nothing")
    String idempotencyKey;

    @Override
    public Integer call() throws Exception {
        GatewayClient.Answer a = FerlabCli.expect(gateway().post("/api/grids",
                FerlabCli.JSON.writeValueAsString(grid.body()), idempotencyKey), "grid refused", 202, 200);
        out().printf("grid %s (%s): %d experiments %s%n", a.body().path("id").asText(), a.body().path("name").asText(),
                a.body().path("size").asInt(), a.status() == 200 ? "(submitted before with this key)" : "queued");
        out().println("export it when done: ferlab export " + a.body().path("id").asText() + " --format markdown");
        return 0;
    }

    @Command(name = "complete", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Queues a grid's missing, failed and cancelled cells, and the cells the options add "
                    + "(left-out options: the grid's own); never a cell that runs or is done.")
    static final class Complete extends GatewayCommand {
        @Parameters(paramLabel = "GRID_ID")
        String gridId;
        @Mixin
        GridOptions grid;

        @Override
        public Integer call() throws Exception {
            GatewayClient.Answer a = FerlabCli.expect(gateway().post("/api/grids/" + GatewayClient.encode(gridId)
                    + "/complete", FerlabCli.JSON.writeValueAsString(grid.body())), "completion refused", 202);
            out().printf("grid %s: %d cells added, %d failed or cancelled cells queued again, %d kept%n", gridId,
                    a.body().path("added").asInt(), a.body().path("retried").asInt(), a.body().path("kept").asInt());
            return 0;
        }
    }
}
