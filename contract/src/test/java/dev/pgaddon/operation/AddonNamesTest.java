package dev.pgaddon.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

  private static final String ID = "ad-871546ad-943a-4929-9770-ec7c839d65f5";

  /** Values that must never become part of a path or a Docker name. */
  static Stream<String> hostile() {
    return Stream.of("../..", "/", "ad-../../etc", "", null, "a".repeat(300), "ad-\u0000",
        "ad-871546AD-943A-4929-9770-EC7C839D65F5", ID + "/x", "node1/../x", "node1\n", " node1", "..", "A");
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void everyValidatorRefusesHostileValues(String value) {
    List<Function<String, String>> validators = List.of(AddonNames::requireAddonId, AddonNames::requireAppName,
        AddonNames::requireNodeName);
    for (Function<String, String> validator : validators) {
      assertThrows(IllegalArgumentException.class, () -> validator.apply(value), String.valueOf(value));
    }
    assertThrows(IllegalArgumentException.class, () -> AddonNames.containerName(value, "node1"));
    assertThrows(IllegalArgumentException.class, () -> AddonNames.containerName(ID, value));
    assertThrows(IllegalArgumentException.class, () -> AddonNames.volumeName(value, "node1"));
    assertThrows(IllegalArgumentException.class, () -> AddonNames.volumeName(ID, value));
  }

  @Test
  void validValuesPassAndNamesAreBuiltFromThem() {
    assertEquals(ID, AddonNames.requireAddonId(ID));
    assertEquals("my-app", AddonNames.requireAppName("my-app"));
    for (String node : List.of("node1", "node2", "endpoint", "backups", "node-1")) {
      assertEquals(node, AddonNames.requireNodeName(node));
    }
    assertEquals("pgaddon-" + ID + "-node1", AddonNames.containerName(ID, "node1"));
    assertEquals("pgaddon-" + ID + "-backups-data", AddonNames.volumeName(ID, "backups"));
  }

  @Test
  void refusalsSayWhatIsWrongWithoutEchoingControlCharacters() {
    var e = assertThrows(IllegalArgumentException.class, () -> AddonNames.requireAddonId("ad-\u0000"));
    assertTrue(e.getMessage().contains("ad-<lowercase uuid>"), e.getMessage());
    assertFalse(e.getMessage().contains("\u0000"), e.getMessage());
    var longOne = assertThrows(IllegalArgumentException.class, () -> AddonNames.requireNodeName("n".repeat(300)));
    assertTrue(longOne.getMessage().length() < 200, longOne.getMessage());
  }

  @Test
  void restartHooksMustBeHttpUrls() {
    assertNull(AddonNames.restartHookProblem(null));
    assertNull(AddonNames.restartHookProblem(" "));
    assertNull(AddonNames.restartHookProblem("https://my-app.example/hooks/pgaddon"));
    assertNull(AddonNames.restartHookProblem("http://127.0.0.1:8080/hook?x=1"));
    for (String bad : Arrays.asList("echo hi > /tmp/x", "file:///etc/passwd", "ftp://host/x", "https://", "http:///path",
        "https:host", "//host/path", "https://host/a b", "https://host/\u0000", "https://host/x\n",
        "https://host/" + "a".repeat(2000), "javascript:alert(1)")) {
      String problem = AddonNames.restartHookProblem(bad);
      assertNotNull(problem, bad);
      assertTrue(problem.startsWith("restart hook "), problem);
    }
    assertEquals("restart hook must be an http(s) URL, e.g. https://my-app.example/hooks/pgaddon",
        AddonNames.restartHookProblem("echo hi"));
  }
}
