package dev.ferlab.preprocess.dataset;

import dev.ferlab.common.datasets.ImageFiles;
import dev.ferlab.common.hash.Sha256;
import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.labels.LabelVocabulary;
import dev.ferlab.preprocess.image.GrayImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder with one sub-folder per class (Keras / torchvision "image folder" layout). Folder names are mapped to
 * canonical labels through {@link LabelVocabulary}; anything it cannot read is refused with the file and reason.
 */
public final class ImageFolderSource implements DatasetSource {
    private final Path root;

    public ImageFolderSource(Path root) {
        this.root = root;
    }

    /** Class folders and their image files, sorted, after checking that the layout is usable. */
    private List<ClassFolder> classFolders() throws IOException {
        if (!Files.exists(root)) {
            throw new IOException("dataset path " + root + " does not exist on the preprocessor's filesystem");
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("dataset path " + root + " is not a folder of class folders");
        }
        List<ClassFolder> folders = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path dir : children.filter(Files::isDirectory).sorted().toList()) {
                String name = dir.getFileName().toString();
                EmotionLabel label = LabelVocabulary.canonicalFor(name).orElseThrow(() -> new IOException(
                        "class folder '" + name + "' in " + root + " is not a known expression; expected one of "
                                + Arrays.stream(EmotionLabel.values()).map(EmotionLabel::canonical)
                                        .collect(Collectors.joining(", "))
                                + " (or a known alias such as happy, sad, angry)"));
                List<Path> files;
                try (Stream<Path> f = Files.list(dir)) {
                    files = f.filter(Files::isRegularFile)
                            .filter(file -> ImageFiles.isImageName(file.getFileName().toString())).sorted().toList();
                }
                if (files.isEmpty()) {
                    throw new IOException("class folder '" + name + "' in " + root + " holds no image files");
                }
                folders.add(new ClassFolder(label, files));
            }
        }
        if (folders.size() < 2) {
            throw new IOException("dataset " + root + " has " + folders.size()
                    + " class folder(s); a classifier needs at least 2");
        }
        long distinct = folders.stream().map(ClassFolder::label).distinct().count();
        if (distinct != folders.size()) {
            throw new IOException("dataset " + root + " has two folders that map to the same expression");
        }
        return folders;
    }

    @Override
    public String contentHash() throws IOException {
        MessageDigest digest = Sha256.digest();
        for (ClassFolder folder : classFolders()) {
            for (Path file : folder.files()) {
                String entry = root.relativize(file).toString().replace('\\', '/');
                byte[] fileHash = Sha256.digest().digest(Files.readAllBytes(file));
                digest.update(entry.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(fileHash);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public List<LabeledImage> load(int size) throws IOException {
        List<LabeledImage> images = new ArrayList<>();
        for (ClassFolder folder : classFolders()) {
            for (Path file : folder.files()) {
                byte[] gray = GrayImages.decode(Files.readAllBytes(file), size);
                if (gray == null) {
                    throw new IOException("file " + root.relativize(file) + " is not a decodable image");
                }
                images.add(new LabeledImage(folder.label(), root.relativize(file).toString(), gray));
            }
        }
        return images;
    }


    private record ClassFolder(EmotionLabel label, List<Path> files) {
    }
}
