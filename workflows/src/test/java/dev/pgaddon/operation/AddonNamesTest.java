package dev.pgaddon.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AddonNamesTest {
  @Test
  void addonIdsLookLikeTheSeeds() {
    String id = AddonNames.newAddonId(UUID.fromString("871546ad-943a-4929-9770-ec7c839d65f5"));
    assertEquals("ad-871546ad-943a-4929-9770-ec7c839d65f5", id);
    assertTrue(AddonNames.isAddonId(id));
    assertFalse(AddonNames.isAddonId("ad-1"));
  }

  @Test
  void databaseNameIsTheAppNameWithFourDigits() {
    assertEquals("my_app_4553", AddonNames.databaseName("my-app", 4553));
    assertEquals("my_app_0007", AddonNames.databaseName("my-app", 7));
    assertTrue(AddonNames.databaseName("a".repeat(48), 1).length() <= 32);
  }

  @Test
  void appNamesAreValidated() {
    assertNull(AddonNames.appNameProblem("my-app"));
    assertNotNull(AddonNames.appNameProblem(null));
    assertNotNull(AddonNames.appNameProblem("My App"));
    assertNotNull(AddonNames.appNameProblem("1app"));
  }
}
