package dev.pgaddon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaddon.api.body.UserBody;
import dev.pgaddon.control.AddonRecord;
import dev.pgaddon.control.OperationRecord;
import dev.pgaddon.users.ManageUserWorkflow;
import dev.pgaddon.users.ManageUserWorkflow.UserRequest;
import dev.pgaddon.users.UserRules;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;

/**
 * The spec's "Managing Users": the list as the workers last read it from PostgreSQL, and each change
 * an operation. A password the platform generates is shown once, in the answer; it is never kept in
 * the audit trail.
 */
final class UserRoutes {
  private static final String USERS = "/v1/apps/{app}/addons/{addon_id}/database/users";
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
  private static final int GENERATED_LENGTH = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AddonRoutes addons;
  private final OperationStarter starter;
  private final OperationTracker tracker;

  UserRoutes(AddonRoutes addons, OperationStarter starter, OperationTracker tracker) {
    this.addons = addons;
    this.starter = starter;
    this.tracker = tracker;
  }

  List<Route> routes() {
    return List.of(
        Route.get(USERS, this::list),
        Route.post(USERS, this::create),
        Route.put(USERS + "/{username}/password", this::updatePassword),
        Route.delete(USERS + "/{username}", this::delete));
  }

  private void list(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    Json.send(ctx, 200, new UserBody.Many(users(addon)));
  }

  private void create(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    JsonNode body = Json.object(ctx, "user");
    String username = Json.text(body, "username");
    JsonNode readOnlyField = body.path("read_only");
    if (!readOnlyField.isMissingNode() && !readOnlyField.isNull() && !readOnlyField.isBoolean()) {
      throw ApiError.malformed("'read_only' must be true or false");
    }
    boolean readOnly = readOnlyField.asBoolean(false);
    refuseIf(UserRules.usernameProblem(username));
    for (JsonNode u : users(addon)) {
      String name = u.path("username").asText();
      if (name.equals(username)) {
        throw ApiError.refused("user \"" + username + "\" already exists");
      }
      if (name.toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT))) {
        throw ApiError.refused("user \"" + username + "\" differs from the existing user \"" + name + "\" only by case");
      }
    }
    Password password = password(body);
    UserRequest request = new UserRequest(addon.id(), addon.app(), ManageUserWorkflow.CREATE, username, readOnly,
        password.value());
    accepted(ctx, addon, "user-create", request, password);
  }

  private void updatePassword(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    String username = existing(addon, ctx.pathParam("username"), "its password is changed only with the addon's own credentials");
    Password password = password(Json.object(ctx, "user"));
    accepted(ctx, addon, "user-update-password", new UserRequest(addon.id(), addon.app(), ManageUserWorkflow.UPDATE_PASSWORD,
        username, false, password.value()), password);
  }

  private void delete(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    String username = existing(addon, ctx.pathParam("username"), "cannot be deleted");
    accepted(ctx, addon, "user-delete", new UserRequest(addon.id(), addon.app(), ManageUserWorkflow.DELETE, username, false,
        null), new Password(null, false));
  }

  /** A user of the list, never the protected one: refused here as the workflow would. */
  private String existing(AddonRecord addon, String username, String ifProtected) {
    refuseIf(UserRules.usernameProblem(username));
    for (JsonNode u : users(addon)) {
      if (u.path("username").asText().equals(username)) {
        if (u.path("protected").asBoolean()) {
          throw ApiError.refused("Protected user is managed by the platform and " + ifProtected + ".");
        }
        return username;
      }
    }
    throw ApiError.refused("no user \"" + username + "\" on addon " + addon.id());
  }

  private record Password(String value, boolean generated) {}

  /** The body's password, or 64 characters the platform generates when it is absent or empty. */
  private static Password password(JsonNode body) {
    String given = Json.text(body, "password");
    if (given == null || given.isEmpty()) {
      StringBuilder b = new StringBuilder(GENERATED_LENGTH);
      for (int i = 0; i < GENERATED_LENGTH; i++) {
        b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
      return new Password(b.toString(), true);
    }
    refuseIf(UserRules.passwordProblem(given));
    return new Password(given, false);
  }

  private void accepted(Context ctx, AddonRecord addon, String kind, UserRequest request, Password password) {
    OperationRecord op = starter.start(Caller.of(ctx), addon.app(), addon.id(), kind, ManageUserWorkflow.class, request,
        request.withoutPassword());
    ctx.header("Location", "/v1/operations/" + op.id());
    ctx.header("Cache-Control", "no-store");
    Json.send(ctx, 202, new UserBody.Accepted(tracker.view(op, false),
        new UserBody.User(request.username(), request.readOnly()),
        password.generated() ? password.value() : null)); // shown once: the platform keeps no copy
  }

  private static JsonNode users(AddonRecord addon) {
    JsonNode users = addon.usersJson() == null ? null : Json.tree(addon.usersJson());
    return users == null || !users.isArray() ? Json.MAPPER.createArrayNode() : users;
  }

  private static void refuseIf(String problem) {
    if (problem != null) {
      throw ApiError.refused(problem);
    }
  }
}
