package dev.ferlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.messaging.ConsumerGroups;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The channels in application.properties agree with common's consumer groups and dead-letter topic names. */
class MessagingSettingsTest {

    @Test
    void everyIncomingChannelHasItsGroupsOwnDeadLetterTopic() throws Exception {
        Properties settings = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            settings.load(in);
        }
        assertTrue(settings.stringPropertyNames().stream().anyMatch(n -> n.endsWith(".dead-letter-queue.topic")));
        assertEquals(List.of(), ConsumerGroups.problems(settings));
    }
}
