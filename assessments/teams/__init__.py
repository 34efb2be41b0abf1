"""Teams: a round's submitted responses combined into the team's result, each role's and
the perception gap, the words of the team page, and the stored team results."""
