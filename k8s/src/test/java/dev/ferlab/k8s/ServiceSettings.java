package dev.ferlab.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service must be given where it is deployed, read from its own sources: every
 * {@code ${VAR:default}} of its application.properties and every member of the @ConfigMapping interfaces it reads
 * (its module's, and common's of the packages it imports) whose default only a developer's machine can use: none, a
 * loopback address, or a credential.
 */
final class ServiceSettings {
    static final Set<String> SERVICES = Set.of("gateway", "preprocess-service", "trainer-service", "evaluator-service");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([^}]*))?}");
    private static final Pattern CREDENTIAL = Pattern.compile("(?i).*(password|secret|token|key).*");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern MEMBER = Pattern.compile(
            "((?:@WithDefault\\(\"([^\"]*)\"\\)\\s*)?)((?:Optional<)?[A-Za-z.<>]+)\\s+(\\w+)\\(\\);");

    private ServiceSettings() {
    }

    static Set<String> required(String service) {
        Path root = Manifests.root();
        Set<String> vars = new TreeSet<>();
        String propertiesText = Manifests.read(root.resolve(service).resolve("src/main/resources/application.properties"));
        Properties properties = new Properties();
        try {
            properties.load(new java.io.StringReader(propertiesText));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Matcher m = REFERENCE.matcher(propertiesText);
        while (m.find()) {
            if (needsValue(m.group(1), m.group(2))) {
                vars.add(m.group(1));
            }
        }
        String own = sources(root.resolve(service).resolve("src/main/java"));
        for (Path mapping : mappings(root.resolve(service).resolve("src/main/java"))) {
            vars.addAll(mappingVars(mapping, properties));
        }
        for (Path mapping : mappings(root.resolve("common/src/main/java"))) {
            String pkg = packageOf(Manifests.read(mapping));
            if (own.contains("import " + pkg + ".")) {
                vars.addAll(mappingVars(mapping, properties));
            }
        }
        return vars;
    }

    private static boolean needsValue(String name, String fallback) {
        return fallback == null || fallback.isEmpty() || fallback.contains("127.0.0.1") || fallback.contains("localhost")
                || CREDENTIAL.matcher(name).matches();
    }

    private static Set<String> mappingVars(Path file, Properties properties) {
        String text = Manifests.read(file);
        Matcher prefix = MAPPING.matcher(text);
        if (!prefix.find()) {
            return Set.of();
        }
        Set<String> vars = new TreeSet<>();
        Matcher m = MEMBER.matcher(text.substring(prefix.end()));
        while (m.find()) {
            String type = m.group(3);
            if (!type.matches("(Optional<)?(String|int|long|double|boolean|Duration|Integer|Long)>?")) {
                continue; // a nested group of settings, spelled out further down
            }
            String key = prefix.group(1) + "." + m.group(4).replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
            if (properties.containsKey(key)) {
                continue; // application.properties sets it from a variable of its own, counted above
            }
            // An Optional without a default is optional indeed, unless it is a credential.
            String fallback = m.group(1).isEmpty() ? (type.startsWith("Optional<") ? "(optional)" : null) : m.group(2);
            if (needsValue(m.group(4), fallback)) {
                vars.add(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
            }
        }
        return vars;
    }

    private static String packageOf(String source) {
        Matcher m = Pattern.compile("package ([\\w.]+);").matcher(source);
        return m.find() ? m.group(1) : "";
    }

    private static java.util.List<Path> mappings(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> Manifests.read(f).contains("@ConfigMapping(")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String sources(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            StringBuilder all = new StringBuilder();
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> all.append(Manifests.read(f)));
            return all.toString();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
