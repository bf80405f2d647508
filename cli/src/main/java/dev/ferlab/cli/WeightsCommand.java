package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ferlab weights list}, {@code ferlab weights import MODEL FILE}: pretrained weights for partial and full. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Pretrained weights (torchvision's, as safetensors) for the partial and full runs.",
        subcommands = {WeightsCommand.ListWeights.class, WeightsCommand.Import.class})
final class WeightsCommand extends GatewayCommand {
    @Mixin
    OutputOption output;

    /** Without a subcommand: the list. */
    @Override
    public Integer call() throws Exception {
        return ListWeights.list(this, output);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Which models have weights stored.")
    static final class ListWeights extends GatewayCommand {
        @Mixin
        OutputOption output;

        @Override
        public Integer call() throws Exception {
            return list(this, output);
        }

        static int list(GatewayCommand command, OutputOption output) throws Exception {
            return command.list(output, "/api/weights", "cannot list weights", w -> String.format("%-18s %s",
                    w.path("model").asText(), w.path("stored").asBoolean() ? w.path("classes").asInt()
                            + " classes, " + w.path("weights").asText() : "none (" + w.path("howToAdd").asText()
                            + ")"));
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Stores torchvision's ImageNet weights of a study model (its state_dict as safetensors).")
    static final class Import extends GatewayCommand {
        @Parameters(index = "0", paramLabel = "MODEL", description = "resnet50, vgg16 or mobilenetv3-large")
        String model;
        @Parameters(index = "1", paramLabel = "FILE.safetensors")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "no file at " + file.toAbsolutePath());
            }
            out().printf("importing %s (%.1f MB) as the pretrained %s weights%n", file, Files.size(file) / 1e6, model);
            GatewayClient.Answer answer = FerlabCli.expect(gateway().putFile("/api/weights/"
                    + GatewayClient.encode(model) + "?name=" + GatewayClient.encode(file.getFileName().toString()),
                    file, Duration.ofMinutes(10)), "import refused", 201, 200);
            JsonNode w = answer.body();
            out().printf("%s %s: %d classes, %,d parameters, stored as %s%n", answer.status() == 201 ? "imported"
                    : "already stored,", w.path("model").asText(), w.path("classes").asInt(),
                    w.path("parameters").asLong(), w.path("weights").asText());
            return 0;
        }
    }
}
