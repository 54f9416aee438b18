package dev.outrider.toolbox;

/**
 * Thrown by a toolbox request's handler to drop the connection in the middle of a response: the JDK
 * server then closes the connection without ending the body, so the job's curl sees a body cut short.
 * Closing the exchange instead would end a chunked body (one whose length is not known beforehand)
 * like a whole one.
 */
final class AbortedResponse extends RuntimeException {

    AbortedResponse(String why) {
        super(why, null, false, false);
    }
}
