package dev.pgaddon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.pgaddon.api.body.AddonBody;
import dev.pgaddon.api.body.BackupBody;
import dev.pgaddon.api.body.ConnectionBody;
import dev.pgaddon.api.body.DatabaseBody;
import dev.pgaddon.api.body.ExtensionBody;
import dev.pgaddon.api.body.OperationBody;
import dev.pgaddon.api.body.PitrBody;
import dev.pgaddon.api.body.PlanBody;
import dev.pgaddon.api.body.UserBody;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The records of api-model, which the API writes and the CLI reads, name the fields of their schema in
 * openapi.json: all of them, or (the rows a client reads out of a list the API passes through) a subset.
 * A field renamed on one side only fails here, before ApiIT or a user sees it.
 */
class ModelMatchesOpenApiTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Object[][] records() {
    return new Object[][] {
        {AddonBody.class, "Addon", true},
        {PlanBody.class, "Plan", true},
        {DatabaseBody.class, "Database", true},
        {DatabaseBody.Node.class, "Node", false},
        {ConnectionBody.class, "Connection", true},
        {OperationBody.class, "Operation", true},
        {OperationBody.Step.class, "Step", true},
        {OperationBody.Pagination.class, "Pagination", true},
        {UserBody.Row.class, "DatabaseUser", true},
        {ExtensionBody.Row.class, "DatabaseExtension", true},
        {BackupBody.class, "Backup", true},
        {BackupBody.Schedule.class, "BackupSchedule", true},
        {PitrBody.class, "Pitr", true},
    };
  }

  static java.util.stream.Stream<Arguments> cases() {
    return java.util.Arrays.stream(records()).map(Arguments::of);
  }

  @ParameterizedTest(name = "{0} ~ {1}")
  @MethodSource("cases")
  void theRecordNamesTheSchemasFields(Class<?> type, String schema, boolean all) throws Exception {
    JsonNode properties = OpenApiConformanceTest.document().path("components").path("schemas").path(schema).path("properties");
    assertTrue(properties.isObject(), "openapi.json has no schema " + schema);
    Set<String> documented = new TreeSet<>();
    properties.fieldNames().forEachRemaining(documented::add);
    Set<String> named = new TreeSet<>();
    for (BeanPropertyDefinition p : MAPPER.getSerializationConfig().introspect(MAPPER.constructType(type)).findProperties()) {
      named.add(p.getName());
    }
    if (all) {
      assertEquals(documented, named, type.getName() + " against components/schemas/" + schema);
    } else {
      assertTrue(documented.containsAll(named), type.getName() + " names " + named + ", not all in " + documented);
    }
  }
}
