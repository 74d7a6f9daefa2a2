"""Pure oversight logic: webhook signatures, locator answers, complaint stages, suppression."""
