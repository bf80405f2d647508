package dev.ferlab.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferlab.preprocess.image.ClaheFilter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CLAHE as the first OpenCV call of a JVM (the synthetic faces are drawn without OpenCV): run in a fresh JVM,
 * since this test JVM has loaded OpenCV already in other tests.
 */
class ClaheFirstTest {

    /** What the fresh JVM runs: CLAHE on a flat image, before anything else has touched OpenCV. */
    public static void main(String[] args) {
        try (ClaheFilter clahe = new ClaheFilter(2.0, 8, 16)) {
            byte[] out = clahe.apply(new byte[16 * 16]);
            System.exit(out.length == 256 ? 0 : 3);
        }
    }

    @Test
    void claheWorksAsTheFirstOpenCvCallOfAJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ClaheFirstTest.class.getName()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor(2, TimeUnit.MINUTES);
        assertEquals(0, p.exitValue(), output);
    }
}
