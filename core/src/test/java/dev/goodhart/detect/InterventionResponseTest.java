package dev.goodhart.detect;

/** Intervention response passes the detector compatibility kit. */
class InterventionResponseTest extends DetectorContract<InterventionResponse> {
    @Override
    InterventionResponse detector() {
        return new InterventionResponse();
    }
}
