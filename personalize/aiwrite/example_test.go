package aiwrite_test

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize"
	"github.com/paceline/paceline/personalize/aiwrite"
)

func Example() {
	// In production the provider is aiwrite.NewClient(aiwrite.ClientConfig{BaseURL:
	// "https://api.openai.com/v1", Model: "gpt-4o-mini", APIKeyEnv: "OPENAI_API_KEY"}, nil).
	// Here a stand-in model invents a company on every call.
	model := aiwrite.ProviderFunc(func(context.Context, []aiwrite.Message, int) (aiwrite.Completion, error) {
		return aiwrite.Completion{Text: "Hi Zoë, congrats on the Acme deal!", PromptTokens: 150, CompletionTokens: 12}, nil
	})
	w := aiwrite.New(model, aiwrite.Config{Banned: aiwrite.DefaultBanned(), Review: true})

	tmpl, _ := personalize.Parse("Hi {{first_name}}, would be glad to connect.")
	fields := map[string]string{"first_name": "Zoë", "topic": "supply chains"}
	res, err := w.Write(context.Background(), aiwrite.Request{
		LeadKey: "linkedin.com/in/zoe", StepID: "connect", Kind: paceline.KindInvite,
		Fields: fields, Prompt: "Mention their topic.", MaxChars: 200,
		TemplateFunc: func() (string, error) {
			return personalize.Render(tmpl, personalize.Data{Fields: fields}, personalize.Seed("linkedin.com/in/zoe", "connect"))
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Source, res.Status, res.Calls)
	fmt.Println(res.Text)
	fmt.Println(res.Fallback.Reason)

	_, err = w.Approve(context.Background(), aiwrite.Key{Lead: "linkedin.com/in/zoe", Step: "connect"})
	fmt.Println(paceline.ErrorCode(err)) // nothing waits for review: the template needs none
	// Output:
	// template ready 2
	// Hi Zoë, would be glad to connect.
	// step connect: AI writing fell back to the template: the text broke a guardrail twice (it states "Acme", found in none of the fields given)
	// not_found
}
