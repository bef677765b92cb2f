package dev.ferry.it;

/** Three hard kills of a worker, exactly once (worker exactly.once.source.support=enabled, connector exactly.once.support=required): nothing lost, nothing duplicated under read_committed. */
class ExactlyOnceHardKillIT extends HardKillScenario {

    @Override
    boolean exactlyOnce() {
        return true;
    }
}
