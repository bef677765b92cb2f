package dev.ferry.monitoring;

/**
 * A partition's health and why.
 *
 * @param status the status
 * @param reason a short sentence with the figures that led to it
 */
public record Health(HealthStatus status, String reason) {
}
