package dev.pgaddon.api.body;

/** The one error shape of every refusal: {"error":{"code","message"}} (components/schemas/Error). */
public record ErrorBody(Detail error) {
  public record Detail(String code, String message) {}

  public static ErrorBody of(String code, String message) {
    return new ErrorBody(new Detail(code, message));
  }
}
