package dev.ferlab.preprocess.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferlab.common.messaging.ConsumerGroups;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The channels in application.properties agree with common's consumer groups and dead-letter topic names. */
class MessagingSettingsTest {

    @Test
    void everyIncomingChannelHasItsGroupsOwnDeadLetterTopic() throws Exception {
        assertEquals(List.of(), ConsumerGroups.problemsOfService(getClass().getClassLoader()));
    }
}
