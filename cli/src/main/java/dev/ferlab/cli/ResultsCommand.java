package dev.ferlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ferlab results ID}: an experiment's results table, or a grid's Table 1. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "An experiment's results (metrics, per class, confusion matrix), or a grid's Table 1.")
final class ResultsCommand extends GatewayCommand {
    @Parameters(paramLabel = "EXPERIMENT_OR_GRID_ID")
    String id;
    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws Exception {
        GatewayClient gateway = gateway();
        GatewayClient.Answer experiment = gateway.get("/api/experiments/" + id);
        if (experiment.status() == 200) {
            String status = experiment.body().path("status").asText();
            if (!status.equals("COMPLETED")) {
                out().println("experiment " + id + " is " + status + ": no results yet");
                return FerlabCli.FAILED;
            }
            if (output.json()) {
                FerlabCli.printJson(out(), experiment.body().path("result"));
            } else {
                ResultsTable.print(experiment.body(), out());
            }
            return 0;
        }
        if (gateway.get("/api/grids/" + id).status() == 404 && experiment.status() == 404) {
            throw new FerlabCli.GatewayRefusal("no experiment or grid with id " + id, FerlabCli.NOT_FOUND);
        }
        return ExportCommand.export(gateway, out(), id, output.json() ? "json" : "markdown", null);
    }
}
