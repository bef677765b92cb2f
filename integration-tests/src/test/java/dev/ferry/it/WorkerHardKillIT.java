package dev.ferry.it;

/** Three hard kills of a worker, at least once: the dead tasks re-send at most what they copied since their last offset commit. */
class WorkerHardKillIT extends HardKillScenario {

    @Override
    boolean exactlyOnce() {
        return false;
    }
}
