package connectredis_test

import (
	"context"
	"log"
	"log/slog"
	"net/http"
	"os"

	"github.com/pdconnect/pdconnect/server/connecthttp"
	"github.com/pdconnect/pdconnect/server/connectredis"
	"github.com/pdconnect/pdconnect/server/pipedream"
)

// Two or more replicas of an app, each with this setup and the same
// REDIS_URL, share each user's live events and every rate limit.
// (Compiled, not run: it needs a Redis and a project.)
func Example() {
	ctx := context.Background()
	pd, err := pipedream.New(pipedream.ConfigFromEnv(os.Getenv))
	if err != nil {
		log.Fatal(err)
	}
	shared, err := connectredis.Open(ctx, os.Getenv("REDIS_URL"), slog.Default())
	if err != nil {
		log.Fatal(err) // a malformed URL; an unreachable Redis is no error
	}
	defer shared.Close()
	currentUser := func(w http.ResponseWriter, r *http.Request) (string, error) {
		return "", connecthttp.ErrUnauthenticated // the app's own login
	}
	h, err := connecthttp.New(connecthttp.Config{Connect: pd, User: currentUser,
		Events: shared.Hub(), Limits: shared.Limits})
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/api/", http.StripPrefix("/api", h))
}
