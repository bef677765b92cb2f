package dev.ferry.bench;

/** Something that copies the pre-loaded source topic to the target cluster, once per round, into a fresh topic. */
interface Contender {

    /** Short name printed in the tables. */
    String name();

    CopyResult copyAll(int round) throws Exception;
}
