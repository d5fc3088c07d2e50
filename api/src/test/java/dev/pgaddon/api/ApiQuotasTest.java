package dev.pgaddon.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ApiQuotasTest {
  private final Quotas quotas = new Quotas(10, 50, 20);

  @Test
  void theTenthAddonIsTheLastOne() {
    assertDoesNotThrow(() -> quotas.checkAddons("my-app", 9));
    ApiError refused = assertThrows(ApiError.class, () -> quotas.checkAddons("my-app", 10));
    assertEquals(422, refused.status);
    assertEquals("quota_exceeded", refused.code);
    assertEquals("app my-app already has 10 addons, the quota; remove one or ask the operator to raise"
        + " PGADDON_QUOTA_ADDONS", refused.getMessage());
  }

  @Test
  void manualBackupsAndSessionsHaveTheirsToo() {
    assertDoesNotThrow(() -> quotas.checkManualBackups("ad-x", 49, 7));
    assertEquals("addon ad-x already keeps 50 manual backups, the quota; they are deleted after its retention"
        + " (7 days), or ask the operator to raise PGADDON_QUOTA_MANUAL_BACKUPS",
        assertThrows(ApiError.class, () -> quotas.checkManualBackups("ad-x", 50, 7)).getMessage());
    assertDoesNotThrow(() -> quotas.checkSessions("tok-1", 19));
    assertEquals("token tok-1 already has 20 live sessions, the quota; sign out of one (or wait for one to expire)"
        + " or ask the operator to raise PGADDON_QUOTA_SESSIONS",
        assertThrows(ApiError.class, () -> quotas.checkSessions("tok-1", 20)).getMessage());
  }

  @Test
  void aQuotaOfZeroRefusesEverything() {
    assertEquals(422, assertThrows(ApiError.class, () -> new Quotas(0, 0, 0).checkAddons("my-app", 0)).status);
  }
}
