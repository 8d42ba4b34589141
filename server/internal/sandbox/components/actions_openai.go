package components

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strings"

	"github.com/pdconnect/pdconnect/server/pipedream"
)

var openaiAnswers = []string{
	"The short answer is yes, with a few caveats worth checking first.",
	"It depends on your constraints; start with the simplest option and measure.",
	"Break it into smaller steps, and verify each one before moving on.",
	"Most teams solve this with a queue and a retry policy.",
	"Write the test first, then make it pass with the least code.",
}

func openaiActions() []*Definition {
	simulated := pipedream.ConfigurableProp{Name: "simulated", Type: pipedream.PropAlert, AlertType: pipedream.AlertNeutral,
		Content: "The sandbox answers for OpenAI: the same input always gets the same answer, and nothing is sent anywhere."}

	chat := action(pipedream.Component{
		Key: "openai-chat", Name: "Chat",
		Description: "Send a prompt to a chat model and get its answer.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("openai"), simulated,
			{Name: "model", Type: pipedream.PropString, Label: "Model", Description: "The chat model to use.", Default: "gpt-4o-mini", Options: []pipedream.PropOption{
				{Label: "GPT-4o mini", Value: "gpt-4o-mini"}, {Label: "GPT-4o", Value: "gpt-4o"}, {Label: "o3-mini", Value: "o3-mini"},
			}},
			{Name: "prompt", Type: pipedream.PropString, Label: "Prompt", Description: "What to ask the model."},
			{Name: "temperature", Type: pipedream.PropInteger, Label: "Temperature", Description: "Randomness in hundredths: 0 is focused, 200 is most random.",
				Optional: true, Default: 100, Min: pipedream.Int64(0), Max: pipedream.Int64(200)},
		},
	}, true)
	chat.Run = func(c *Call) (Result, error) {
		model, prompt, temp := c.String("model"), c.String("prompt"), c.Int("temperature")
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\n%d\n%s", model, temp, prompt)))
		answer := openaiAnswers[int(sum[0])%len(openaiAnswers)]
		promptTokens, answerTokens := len(strings.Fields(prompt))+7, len(strings.Fields(answer))
		c.Log("model %s, temperature %.2f", model, float64(temp)/100)
		return Result{Summary: "Got an answer from " + model, Ret: map[string]any{
			"id": "chatcmpl-" + hex.EncodeToString(sum[:12]), "object": "chat.completion", "model": model,
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": answer}}},
			"usage": map[string]any{"prompt_tokens": promptTokens, "completion_tokens": answerTokens, "total_tokens": promptTokens + answerTokens},
		}}, nil
	}

	embed := action(pipedream.Component{
		Key: "openai-create-embeddings", Name: "Create Embeddings",
		Description: "Turn text into a vector for search and clustering.",
		ConfigurableProps: []pipedream.ConfigurableProp{
			appProp("openai"), simulated,
			{Name: "input", Type: pipedream.PropString, Label: "Input", Description: "The text to embed."},
			{Name: "dimensions", Type: pipedream.PropInteger, Label: "Dimensions", Optional: true, Default: 8, Options: []pipedream.PropOption{
				{Label: "8", Value: 8}, {Label: "16", Value: 16}, {Label: "32", Value: 32},
			}},
		},
	}, true)
	embed.Run = func(c *Call) (Result, error) {
		input, n := c.String("input"), int(c.Int("dimensions"))
		vec := make([]float64, n)
		var norm float64
		for i := range vec {
			h := sha256.Sum256([]byte(fmt.Sprintf("%d\n%s", i, input)))
			vec[i] = float64(int32(binary.BigEndian.Uint32(h[:4]))) / math.MaxInt32
			norm += vec[i] * vec[i]
		}
		for i := range vec {
			vec[i] = math.Round(vec[i]/math.Sqrt(norm)*1e6) / 1e6
		}
		return Result{Summary: fmt.Sprintf("Embedded %d characters", len(input)), Ret: map[string]any{
			"object": "list", "model": "text-embedding-3-small",
			"data": []any{map[string]any{"object": "embedding", "index": 0, "embedding": vec}},
		}}, nil
	}
	return []*Definition{chat, embed}
}
