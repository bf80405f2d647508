package dev.ferlab.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.preprocess.dataset.ImageFolderSource;
import dev.ferlab.preprocess.dataset.LabeledImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {
    @TempDir
    Path dir;

    private Path copyOf(String name, Path from, int files) throws IOException {
        Path target = Files.createDirectories(dir.resolve(name));
        try (var list = Files.list(from)) {
            for (Path f : list.sorted().limit(files).toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    @Test
    void loadsCk48WithCanonicalLabelsAtTheTargetSize() throws IOException {
        List<LabeledImage> images = new ImageFolderSource(Fixtures.dataset("ck48")).load(96);
        assertEquals(981, images.size());
        assertEquals(96 * 96, images.get(0).pixels().length);
        assertEquals(207, images.stream().filter(i -> i.label().canonical().equals("happiness")).count());
    }

    @Test
    void contentHashFollowsTheBytesNotTheLocation() throws IOException {
        Path ck = Fixtures.dataset("ck48");
        copyOf("happy", ck.resolve("happy"), 5);
        copyOf("sadness", ck.resolve("sadness"), 5);
        String first = new ImageFolderSource(dir).contentHash();
        Path moved = Files.move(dir, dir.resolveSibling(dir.getFileName() + "-moved"));
        try {
            assertEquals(first, new ImageFolderSource(moved).contentHash());
            Files.write(moved.resolve("happy").resolve("extra.png"),
                    Files.readAllBytes(ck.resolve("sadness").toFile().listFiles()[0].toPath()));
            assertNotEquals(first, new ImageFolderSource(moved).contentHash());
        } finally {
            Files.move(moved, dir);
        }
    }

    @Test
    void aMissingPathIsNamed() {
        IOException e = assertThrows(IOException.class,
                () -> new ImageFolderSource(dir.resolve("nope")).contentHash());
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAnImageIsNamed() throws IOException {
        Path ck = Fixtures.dataset("ck48");
        copyOf("happy", ck.resolve("happy"), 3);
        copyOf("fear", ck.resolve("fear"), 3);
        Files.writeString(dir.resolve("fear").resolve("broken.png"), "this is not a PNG");
        IOException e = assertThrows(IOException.class, () -> new ImageFolderSource(dir).load(96));
        assertTrue(e.getMessage().contains("broken.png") && e.getMessage().contains("not a decodable image"),
                e.getMessage());
    }

    @Test
    void anUnknownClassFolderIsNamedWithTheChoices() throws IOException {
        Path ck = Fixtures.dataset("ck48");
        copyOf("happy", ck.resolve("happy"), 3);
        copyOf("bored", ck.resolve("fear"), 3);
        IOException e = assertThrows(IOException.class, () -> new ImageFolderSource(dir).load(96));
        assertTrue(e.getMessage().contains("'bored'") && e.getMessage().contains("surprise"), e.getMessage());
    }

    @Test
    void anEmptyClassFolderIsNamed() throws IOException {
        copyOf("happy", Fixtures.dataset("ck48").resolve("happy"), 3);
        Files.createDirectories(dir.resolve("fear"));
        IOException e = assertThrows(IOException.class, () -> new ImageFolderSource(dir).load(96));
        assertTrue(e.getMessage().contains("'fear'") && e.getMessage().contains("no image files"), e.getMessage());
    }
}
