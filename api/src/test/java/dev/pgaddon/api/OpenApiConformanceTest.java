package dev.pgaddon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes exactly the routes the server registers, each with its error answers. */
class OpenApiConformanceTest {
  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
  private static final List<String> QUOTA_ROUTES = List.of("POST /v1/apps/{app}/addons", "POST /v1/sessions",
      "POST /v1/apps/{app}/addons/{addon_id}/backups", "POST /v1/apps/{app}/addons/{addon_id}/database/pitr/restore");

  static JsonNode document() throws Exception {
    try (InputStream in = OpenApiConformanceTest.class.getResourceAsStream("/openapi.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static List<String> documentedRoutes(JsonNode doc) {
    List<String> routes = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (String m : METHODS) {
        if (path.getValue().has(m)) {
          routes.add(m.toUpperCase() + " " + path.getKey());
        }
      }
    }
    return routes;
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
    assertEquals(new TreeSet<>(ApiServer.routeTable()), new TreeSet<>(documentedRoutes(document())));
  }

  /** No JSON answer is a bare {"type":"object"}: each names its schema (what ApiIT validates every answer against). */
  @Test
  void everyJsonAnswerNamesASchemaTheDocumentHas() throws Exception {
    JsonNode doc = document();
    for (String route : ApiServer.routeTable()) {
      String[] parts = route.split(" ", 2);
      JsonNode responses = doc.get("paths").get(parts[1]).get(parts[0].toLowerCase()).get("responses");
      for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> r = it.next();
        JsonNode response = r.getValue().has("$ref") ? doc.at(r.getValue().get("$ref").asText().substring(1)) : r.getValue();
        JsonNode json = response.path("content").path("application/json");
        if (json.isMissingNode()) {
          continue;
        }
        String ref = json.path("schema").path("$ref").asText();
        assertTrue(ref.startsWith("#/components/schemas/"), route + " " + r.getKey() + " names its schema: " + json);
        assertTrue(doc.at(ref.substring(1)).isObject(), route + " " + r.getKey() + ": " + ref + " exists");
      }
    }
  }

  @Test
  void everyOperationDocumentsTheErrorsEveryRouteCanAnswer() throws Exception {
    JsonNode doc = document();
    assertTrue(doc.get("openapi").asText().startsWith("3."));
    for (String route : ApiServer.routeTable()) {
      String[] parts = route.split(" ", 2);
      JsonNode responses = doc.get("paths").get(parts[1]).get(parts[0].toLowerCase()).get("responses");
      assertTrue(responses.has("401"), route + " documents 401");
      assertTrue(responses.has("429"), route + " documents 429: every route is rate limited");
      if (QUOTA_ROUTES.contains(route)) {
        assertTrue(responses.has("422"), route + " documents 422: a quota can refuse it");
      }
      if (parts[1].contains("{")) {
        assertTrue(responses.has("404"), route + " documents 404");
      }
      if (route.equals("POST /v1/sessions")) {
        assertTrue(responses.has("201"), route + " documents 201: a session is made at once");
      } else if (route.equals("DELETE /v1/sessions/current")) {
        assertTrue(responses.has("204"), route + " documents 204: a session ends at once");
      } else if (route.endsWith("/backup_schedule") && parts[0].equals("PUT")) {
        assertTrue(responses.has("200"), route + " documents 200: a setting changes at once");
      } else if (!parts[0].equals("GET")) {
        assertTrue(responses.has("202"), route + " documents 202: every change is an operation");
      }
    }
  }
}
