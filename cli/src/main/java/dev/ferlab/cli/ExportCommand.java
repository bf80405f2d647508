package dev.ferlab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferlab export GRID}: the grid's Table 1 as a file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "A grid's results as the study's Table 1.")
final class ExportCommand extends GatewayCommand {
    @Parameters(paramLabel = "GRID_ID")
    String gridId;
    @Option(names = "--format", paramLabel = "F", defaultValue = "markdown",
            description = "csv, markdown (default), latex, or json (a row per run)")
    String format;
    @Option(names = "--out", paramLabel = "FILE", description = "write it here instead of printing it")
    Path file;

    @Override
    public Integer call() throws Exception {
        return export(gateway(), out(), gridId, format, file);
    }

    static int export(GatewayClient gateway, PrintStream out, String gridId, String format, Path file)
            throws Exception {
        GatewayClient.Text t = gateway.getText("/api/grids/" + GatewayClient.encode(gridId) + "/results?format="
                + GatewayClient.encode(format));
        if (t.status() != 200) {
            throw new FerlabCli.GatewayRefusal("export refused (HTTP " + t.status() + "): " + t.body(),
                    FerlabCli.exitCodeOf(t.status()));
        }
        if (file == null) {
            out.print(t.body().endsWith("\n") ? t.body() : t.body() + "\n");
        } else {
            Files.writeString(file, t.body());
            out.println("wrote " + file);
        }
        return 0;
    }
}
