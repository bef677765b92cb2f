package dev.ferry.quickstart;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks a fixed port before anything starts, so a taken port is reported by number and purpose, not by a stack trace. */
final class Ports {

    private Ports() {
    }

    /**
     * @param port     the port
     * @param neededBy what listens on it, for the message
     * @param flag     the flag that chooses another port
     * @throws QuickstartFailure if something already listens on it
     */
    static void requireFree(int port, String neededBy, String flag) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new QuickstartFailure("port " + port + " is already in use (" + e.getMessage() + "); " + neededBy
                + " needs it. Stop what listens there, or choose another port with " + flag + " <port>.");
        }
    }
}
