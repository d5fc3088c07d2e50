package dev.pgaddon.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.pgaddon.failover.RepairWorkflow.RepairRequest;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeActivities.StartNodeInput;
import org.junit.jupiter.api.Test;

/** Roles went from strings to an enum: histories and labels written with the strings still read. */
class NodeRoleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theWireNamesAreTheStringsHistoriesHold() throws Exception {
    StartNodeInput start = new StartNodeInput(new AddonRef("ad-1", "app", "plan"), "node2", NodeRole.FOLLOWER, "17.12",
        "pgaddon/postgresql:17.12", "db");
    String json = JSON.writeValueAsString(start);

    assertTrue(json.contains("\"role\":\"follower\""), json);
    assertEquals(start, JSON.readValue(json, StartNodeInput.class));
    assertEquals(NodeRole.PRIMARY, JSON.readValue("{\"addonId\":\"ad-1\",\"app\":\"app\",\"node\":\"node1\","
        + "\"role\":\"primary\",\"reason\":\"gone\"}", RepairRequest.class).role());
  }

  @Test
  void anObservedRoleIsComparedAsText() {
    assertTrue(NodeRole.PRIMARY.is("primary"));
    assertFalse(NodeRole.PRIMARY.is("unreachable"));
    assertFalse(NodeRole.FOLLOWER.is(null));
  }

  @Test
  void anythingElseIsRefused() {
    assertThrows(ValueInstantiationException.class, () -> JSON.readValue("\"leader\"", NodeRole.class));
    assertEquals("not a node role: 'PRIMARY' (primary or follower)",
        assertThrows(IllegalArgumentException.class, () -> NodeRole.of("PRIMARY")).getMessage());
  }
}
