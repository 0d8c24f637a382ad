/* Nothing: the code under test comes in through -include. */
