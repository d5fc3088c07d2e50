package dev.pgaddon.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API's answers checked against its OpenAPI document (api/src/main/resources/openapi.json): the
 * answer's path, method and status are documented, a JSON body conforms to the documented schema
 * (components/schemas, $ref resolved), a body of another media type is one the answer documents
 * (its bytes are not read: a backup's tar), and an answer documented without a body has none.
 *
 * <p>The document is OpenAPI 3.0: its schemas are validated with the validator's OpenAPI 3.0 dialect
 * (JSON Schema draft 4 plus {@code nullable}, {@code discriminator}, ...). A failure is an
 * AssertionError naming the route, the status and every validation error.
 */
final class OpenApiResponses {
  /** Where the document is put for the validator (never fetched: the registry is given its text). */
  private static final String DOCUMENT_IRI = "https://pgaddon.invalid/v1/openapi.json";
  /** The document itself: served beside the API, not one of its own paths. */
  static final String DOCUMENT_PATH = "/v1/openapi.json";
  private static final String INLINE = "x-inline-response-schemas";
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode document;
  private final SchemaRegistry registry;
  /** Schema location of each inline (not $ref) JSON response schema, by its JSON pointer in the document. */
  private final Map<String, String> inlineSchemas;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final List<Template> templates = new ArrayList<>();

  private record Template(String path, Pattern pattern, int parameters) {}

  private OpenApiResponses(JsonNode document) {
    this.document = document;
    ObjectNode copy = document.deepCopy();
    this.inlineSchemas = collectInlineSchemas(copy);
    String text = copy.toString();
    this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(),
        builder -> builder.schemas(Map.of(DOCUMENT_IRI, text)));
    for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
      String path = it.next();
      StringBuilder regex = new StringBuilder();
      int parameters = 0;
      for (String part : path.split("(?=\\{)|(?<=})")) {
        if (part.startsWith("{") && part.endsWith("}")) {
          regex.append("[^/]+");
          parameters++;
        } else {
          regex.append(Pattern.quote(part));
        }
      }
      templates.add(new Template(path, Pattern.compile(regex.toString()), parameters));
    }
  }

  /**
   * The API's document: the module's source (../api/src/main/resources/openapi.json from
   * system-tests) when it is there, so a change to it counts without building the api jar again;
   * else the api jar's resource "openapi.json".
   */
  static OpenApiResponses load() {
    Path source = Path.of("..", "api", "src", "main", "resources", "openapi.json");
    try {
      if (Files.isRegularFile(source)) {
        return of(Files.readString(source, StandardCharsets.UTF_8));
      }
      try (InputStream in = OpenApiResponses.class.getResourceAsStream("/openapi.json")) {
        if (in == null) {
          throw new IllegalStateException("no openapi.json: neither " + source.toAbsolutePath().normalize()
              + " nor the api jar's resource");
        }
        return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read openapi.json", e);
    }
  }

  static OpenApiResponses of(String documentText) {
    try {
      JsonNode doc = JSON.readTree(documentText);
      if (!doc.path("openapi").asText().startsWith("3.0")) {
        throw new IllegalArgumentException("OpenAPI 3.0 expected (nullable, JSON Schema draft 4), not "
            + doc.path("openapi") + ": configure another dialect");
      }
      return new OpenApiResponses(doc);
    } catch (IOException e) {
      throw new IllegalArgumentException("openapi.json is not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Checks one answer; an AssertionError says what does not match.
   *
   * @param path the path as requested (concrete ids, query string allowed)
   * @param contentType the answer's Content-Type header, null or empty when it has none
   * @param body the answer's body as text (empty when none)
   */
  void check(String method, String path, int status, String contentType, String body) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (bare.equals(DOCUMENT_PATH)) {
      return;
    }
    String answer = method + " " + path + " answered " + status;
    Template template = template(bare);
    if (template == null) {
      throw new AssertionError(answer + ": no path of openapi.json matches " + bare + shown(body));
    }
    String route = method.toUpperCase() + " " + template.path();
    JsonNode operation = document.path("paths").path(template.path()).path(method.toLowerCase());
    if (!operation.isObject()) {
      throw new AssertionError(answer + ": openapi.json does not document " + route + shown(body));
    }
    String statusKey = Integer.toString(status);
    JsonNode responses = operation.path("responses");
    if (!responses.has(statusKey)) {
      throw new AssertionError(answer + ": openapi.json does not document status " + status + " for " + route
          + " (documented: " + names(responses) + ")" + shown(body));
    }
    String responsePointer = "/paths/" + escape(template.path()) + "/" + method.toLowerCase() + "/responses/" + statusKey;
    JsonNode response = responses.get(statusKey);
    if (response.has("$ref")) {
      responsePointer = local(response.get("$ref").asText(), route);
      response = document.at(responsePointer);
      if (response.isMissingNode()) {
        throw new AssertionError(route + " " + status + ": its $ref " + responsePointer + " is not in openapi.json");
      }
    }
    JsonNode content = response.path("content");
    boolean hasBody = body != null && !body.isEmpty();
    if (content.isMissingNode() || content.isEmpty()) {
      if (hasBody) {
        throw new AssertionError(answer + ": openapi.json documents no body for " + route + " " + status + shown(body));
      }
      return;
    }
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase();
    if (!content.has(mediaType)) {
      throw new AssertionError(answer + " with Content-Type '" + contentType + "': openapi.json documents "
          + names(content) + " for " + route + " " + status + shown(body));
    }
    if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
      return; // not JSON (a backup's tar): the media type is documented, the bytes are not a schema's
    }
    if (!hasBody) {
      throw new AssertionError(answer + ": an empty body, but openapi.json documents " + mediaType + " for " + route
          + " " + status);
    }
    String location = schemaLocation(content.get(mediaType).path("schema"),
        responsePointer + "/content/" + escape(mediaType) + "/schema", route + " " + status);
    List<com.networknt.schema.Error> errors;
    try {
      errors = schema(location).validate(body, InputFormat.JSON);
    } catch (RuntimeException notJson) {
      throw new AssertionError(answer + ": the body is not JSON (" + notJson.getMessage() + ")" + shown(body), notJson);
    }
    if (!errors.isEmpty()) {
      StringBuilder b = new StringBuilder(answer).append(": the body does not conform to openapi.json (")
          .append(route).append(" ").append(status).append(", schema ").append(location.substring(location.indexOf('#')))
          .append("):");
      for (com.networknt.schema.Error e : errors) {
        b.append("\n  - ").append(e);
      }
      throw new AssertionError(b.append(shown(body)).toString());
    }
  }

  /** The template that matches, the most literal one when several do (as OpenAPI resolves /a/b before /a/{x}). */
  private Template template(String bare) {
    Template best = null;
    for (Template t : templates) {
      if (t.pattern().matcher(bare).matches() && (best == null || t.parameters() < best.parameters())) {
        best = t;
      }
    }
    return best;
  }

  private String schemaLocation(JsonNode schema, String pointer, String what) {
    if (schema.isMissingNode()) {
      throw new AssertionError(what + ": openapi.json documents a JSON body without a schema");
    }
    if (schema.has("$ref")) { // OpenAPI 3.0: what stands beside a $ref is ignored
      return DOCUMENT_IRI + "#" + local(schema.get("$ref").asText(), what);
    }
    String location = inlineSchemas.get(pointer);
    if (location == null) {
      throw new AssertionError(what + ": no schema at " + pointer + " in openapi.json");
    }
    return location;
  }

  private Schema schema(String location) {
    return schemas.computeIfAbsent(location, l -> {
      Schema s = registry.getSchema(SchemaLocation.of(l));
      s.initializeValidators(); // a broken $ref fails here, before any body is judged by it
      return s;
    });
  }

  /**
   * Copies every inline JSON response schema under one member of the document's root with a
   * name, not a number: the validator reads a number in a JSON pointer ("/responses/200") as an
   * array index. $refs in them resolve in the same document.
   */
  private static Map<String, String> collectInlineSchemas(ObjectNode doc) {
    Map<String, String> locations = new java.util.HashMap<>();
    ObjectNode inline = doc.putObject(INLINE);
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String m : METHODS) {
        collectInlineSchemas(path.getValue().path(m).path("responses"),
            "/paths/" + escape(path.getKey()) + "/" + m + "/responses/", inline, locations);
      }
    }
    collectInlineSchemas(doc.path("components").path("responses"), "/components/responses/", inline, locations);
    return locations;
  }

  private static void collectInlineSchemas(JsonNode responses, String pointer, ObjectNode inline,
      Map<String, String> locations) {
    for (Iterator<Map.Entry<String, JsonNode>> rs = responses.fields(); rs.hasNext(); ) {
      Map.Entry<String, JsonNode> r = rs.next();
      for (Iterator<Map.Entry<String, JsonNode>> cs = r.getValue().path("content").fields(); cs.hasNext(); ) {
        Map.Entry<String, JsonNode> c = cs.next();
        JsonNode schema = c.getValue().path("schema");
        if (schema.isObject() && !schema.has("$ref")) {
          String name = "s" + inline.size();
          inline.set(name, schema.deepCopy());
          locations.put(pointer + escape(r.getKey()) + "/content/" + escape(c.getKey()) + "/schema",
              DOCUMENT_IRI + "#/" + INLINE + "/" + name);
        }
      }
    }
  }

  /** The JSON pointer of a $ref into this document ("#/components/..."); other documents are not followed. */
  private static String local(String ref, String what) {
    if (!ref.startsWith("#/")) {
      throw new AssertionError(what + ": $ref " + ref + " is not in openapi.json itself");
    }
    return ref.substring(1);
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static String names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static String shown(String body) {
    if (body == null || body.isEmpty()) {
      return "";
    }
    return "\n  body: " + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
  }
}
