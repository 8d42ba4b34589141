package account

import (
	"hash/fnv"
	"strconv"
)

// people are the logins simulated accounts are named after: each user is
// one of them, as a person signs in to each provider as themself.
var people = []string{
	"ada", "alan", "barbara", "dennis", "edsger", "frances", "grace", "hedy",
	"ken", "katherine", "linus", "margaret", "niklaus", "radia", "rob", "shafi",
}

// loginApps name their accounts by a bare login rather than an email.
var loginApps = map[string]bool{"github": true, "gitlab": true, "bitbucket": true}

// Name is the name the provider would give the (n+1)th account of app a
// user connects, as Pipedream shows it: the provider's login, such as
// "ada@example.com", then "ada-2@example.com" for a second account (a
// GitHub login is bare: "ada", "ada-2").
func Name(appSlug, user string, n int) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(user))
	login := people[h.Sum32()%uint32(len(people))]
	if n > 0 {
		login += "-" + strconv.Itoa(n+1)
	}
	if loginApps[appSlug] {
		return login
	}
	return login + "@example.com"
}
