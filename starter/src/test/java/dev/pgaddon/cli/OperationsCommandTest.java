package dev.pgaddon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperationsCommandTest {
  private static final String ADDON = "ad-871546ad-943a-4929-9770-ec7c839d65f5";
  private FakeApi api;

  @BeforeEach
  void start() throws Exception {
    api = new FakeApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void rendersTheAuditTrailAsATable() {
    api.on("GET", "/v1/apps/my-app/operations", 200, """
        {"operations":[
          {"id":"op-2","kind":"change-plan","addon_id":"%1$s","app":"my-app","status":"running",
           "started_at":"2025-11-28T10:15:30.123456Z","closed_at":null,"steps":[]},
          {"id":"op-1","kind":"provision","addon_id":"%1$s","app":"my-app","status":"succeeded",
           "started_at":"2025-11-28T10:00:00Z","closed_at":"2025-11-28T10:00:42.5Z","steps":[]}],
         "meta":{"pagination":{"current_page":1,"per_page":5,"total_count":2,"total_pages":1}}}
        """.formatted(ADDON));

    FakeApi.Run run = api.cli("--app", "my-app", "operations", "--addon", ADDON, "--limit", "5");

    assertEquals(0, run.code(), run.err());
    assertEquals("""
        +------+-----------------------------------------+-------------+-----------+---------------------+---------------------+
        |  ID  |                  ADDON                  |  OPERATION  |  STATUS   |    STARTED (UTC)    |    CLOSED (UTC)     |
        +------+-----------------------------------------+-------------+-----------+---------------------+---------------------+
        | op-2 | %1$s | change-plan | running   | 2025-11-28 10:15:30 |                     |
        | op-1 | %1$s | provision   | succeeded | 2025-11-28 10:00:00 | 2025-11-28 10:00:42 |
        +------+-----------------------------------------+-------------+-----------+---------------------+---------------------+
        """.formatted(ADDON), run.out());
    assertEquals("/v1/apps/my-app/operations?per_page=5&addon_id=" + ADDON, api.requests.get(0).uri());
  }
}
