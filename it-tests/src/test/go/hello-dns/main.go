// The seed article's hello-world (a workflow that runs one activity, on the task queue "hello-world") as a Go SDK
// client of a Conduit cluster, for the test that reaches the frontends through Consul DNS: the target is a gRPC
// target such as dns://127.0.0.1:8600/conduit-frontend.service.consul:7233, which the Go SDK resolves with gRPC's
// DNS resolver against Consul's DNS server and balances round-robin over every address it answers.
//
//	go run . -target dns://127.0.0.1:8600/conduit-frontend.service.consul:7233 -count 5
//
// Prints one line per completed workflow and "completed N" at the end; exits 1 when any workflow fails.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// Activity greets.
func Activity(ctx context.Context, name string) (string, error) {
	return "Hello " + name + "!", nil
}

// Workflow runs Activity once and returns its greeting.
func Workflow(ctx workflow.Context, name string) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		ScheduleToStartTimeout: time.Minute,
		StartToCloseTimeout:    time.Minute,
	})
	var result string
	if err := workflow.ExecuteActivity(ctx, Activity, name).Get(ctx, &result); err != nil {
		return "", err
	}
	return result, nil
}

func main() {
	target := flag.String("target", "dns://127.0.0.1:8600/conduit-frontend.service.consul:7233", "gRPC target of the frontends")
	namespace := flag.String("namespace", "default", "namespace")
	taskQueue := flag.String("task-queue", "hello-world", "task queue")
	count := flag.Int("count", 3, "workflows to run, one after the other")
	flag.Parse()

	c, err := client.Dial(client.Options{HostPort: *target, Namespace: *namespace})
	if err != nil {
		log.Fatalln("cannot create a client for", *target, ":", err)
	}
	defer c.Close()

	w := worker.New(c, *taskQueue, worker.Options{})
	w.RegisterWorkflow(Workflow)
	w.RegisterActivity(Activity)
	if err := w.Start(); err != nil {
		log.Fatalln("cannot start the worker:", err)
	}
	defer w.Stop()

	prefix := fmt.Sprintf("hello_world_%d", time.Now().UnixNano())
	for i := 0; i < *count; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
			ID:        fmt.Sprintf("%s_%d", prefix, i),
			TaskQueue: *taskQueue,
		}, Workflow, "Temporal")
		if err != nil {
			cancel()
			log.Println("cannot start workflow", i, ":", err)
			os.Exit(1)
		}
		var result string
		err = run.Get(ctx, &result)
		cancel()
		if err != nil {
			log.Println("workflow", run.GetID(), "failed:", err)
			os.Exit(1)
		}
		fmt.Printf("%s %s: %s\n", run.GetID(), run.GetRunID(), result)
	}
	fmt.Printf("completed %d\n", *count)
}
