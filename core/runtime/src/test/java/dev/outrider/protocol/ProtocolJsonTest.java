package dev.outrider.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {

    @Test
    void writesTheRegisterBodyWithEveryFieldInGoOrder() {
        RegisterRequest request = new RegisterRequest("agent-\"1\"", "v2.2.20", 42, "linux", "x86_64", "host",
                true, 0, 30, "");

        assertEquals("{\"name\":\"agent-\\\"1\\\"\",\"version\":\"v2.2.20\",\"pid\":42,\"os\":\"linux\",\"arch\":\"x86_64\","
                + "\"hostname\":\"host\",\"single_job\":true,\"idle_timeout\":0,\"interruption_grace_period\":30,"
                + "\"job_id\":\"\"}", new String(ProtocolJson.encode(request), StandardCharsets.UTF_8));
    }

    @Test
    void writesTheSyncBodyWithEmptyFieldsIncluded() {
        assertEquals("{\"state\":\"waiting-for-jobs\",\"job_id\":\"\",\"job_result\":\"\",\"interrupted_at\":0}",
                new String(ProtocolJson.encode(new SyncRequest("waiting-for-jobs", "", "", 0)), StandardCharsets.UTF_8));
    }

    @Test
    void readsASyncAnswerIgnoringUnknownAndNestedFields() {
        SyncResponse response = ProtocolJson.syncResponse("{\"action\":\"run-job\",\"job_id\":\"j-1\",\"extra\":{\"a\":[1,2]},"
                + "\"next_sync_after\":2500,\"also\":[{}]}");

        assertEquals(new SyncResponse("run-job", "j-1", "", 2500), response);
    }

    @Test
    void takesMissingAndNullFieldsAsEmptyAndANumberGivenAsText() {
        assertEquals(new SyncResponse("continue", "", "", 0), ProtocolJson.syncResponse("{\"action\":\"continue\",\"job_id\":null}"));
        assertEquals(new SyncResponse("", "", "", 1500), ProtocolJson.syncResponse("{\"next_sync_after\":\"1500\"}"));
        assertEquals(new SyncResponse("", "", "", 0), ProtocolJson.syncResponse(""));
        assertEquals(new SyncResponse("", "", "", 0), ProtocolJson.syncResponse("null"));
    }

    @Test
    void readsTheTokensOfRegisterAndRefreshAnswers() {
        RegisterResponse registered = ProtocolJson.registerResponse("{\"name\":\"n\",\"token\":\"secret\"}");

        assertEquals("n", registered.name());
        assertEquals("secret", registered.token());
        assertTrue(!registered.toString().contains("secret"));
        assertEquals("t2", ProtocolJson.tokenResponse("{\"token\":\"t2\"}").token());
    }

    @Test
    void rejectsBodiesThatAreNotTheExpectedObjectNamingTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProtocolJson.syncResponse("[1]"))
                .getMessage().contains("expected a JSON object, got an array"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProtocolJson.syncResponse("{\"action\":"))
                .getMessage().contains("end-of-input"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProtocolJson.syncResponse("{\"action\":{}}"))
                .getMessage().contains("'action' must be a string"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProtocolJson.syncResponse("{\"next_sync_after\":\"soon\"}"))
                .getMessage().contains("'next_sync_after' must be a number, got 'soon'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProtocolJson.syncResponse("{} {}"))
                .getMessage().contains("unexpected content"));
    }
}
