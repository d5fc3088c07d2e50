package dev.pgaddon.api;

/** A refusal with its HTTP status; rendered as {"error":{"code","message"}}. */
final class ApiError extends RuntimeException {
  final int status;
  final String code;

  ApiError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static ApiError malformed(String message) {
    return new ApiError(400, "malformed_request", message);
  }

  static ApiError unauthorized() {
    return new ApiError(401, "unauthorized", "a valid API token is required: Authorization: Bearer <token>");
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  static ApiError busy(String message) {
    return new ApiError(409, "busy", message);
  }

  static ApiError refused(String message) {
    return new ApiError(422, "refused", message);
  }

  static ApiError unknownApp(String app) {
    return notFound("unknown app '" + app + "'");
  }

  static ApiError unknownAddon(String app, String addonId) {
    return notFound("unknown addon '" + addonId + "' for app '" + app + "'");
  }
}
