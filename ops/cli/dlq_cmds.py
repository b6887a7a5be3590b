"""Dead letters: ``dlq list`` and ``dlq replay``."""

from typing import Annotated

import typer

from ops.cli.errors import Kafka, UserError, against_broker, known_agency

app = typer.Typer(help="Events an agency could not process.", no_args_is_help=True)


@app.command("list")
def list_(
    agency: Annotated[str, typer.Option(help="The agency whose dead letters to show.")],
    kafka: Kafka = "127.0.0.1:9092",
) -> None:
    """Show an agency's dead letters: id, original place, attempts and reason."""
    from rujukan.runtime.deadletters import read_dead_letters
    from rujukan.runtime.kafka_clients import operator_kafka

    topic = known_agency(agency).dead_letter_topic
    letters = against_broker(read_dead_letters(operator_kafka(kafka), topic), kafka)
    if not letters:
        typer.echo(f"no dead letters in {topic}")
        return
    for d in letters:
        typer.echo(
            f"{d.dead_letter_id:<8} {d.original_topic}[{d.original_partition}]@"
            f"{d.original_offset} attempts={d.attempts} case={d.case_id or '-'} "
            f"type={d.event_type or '-'}\n         {d.reason}"
        )


@app.command("replay")
def replay_(
    dead_letter_id: Annotated[str, typer.Argument(help="PARTITION:OFFSET from `dlq list`.")],
    agency: Annotated[str, typer.Option(help="The agency whose dead letter to re-send.")],
    kafka: Kafka = "127.0.0.1:9092",
) -> None:
    """Re-send one dead letter to its original topic, to be processed again."""
    from rujukan.runtime.deadletters import replay
    from rujukan.runtime.kafka_clients import operator_kafka

    topic = known_agency(agency).dead_letter_topic
    try:
        letter = against_broker(replay(operator_kafka(kafka), topic, dead_letter_id), kafka)
    except LookupError as exc:
        raise UserError(str(exc)) from exc
    typer.echo(f"re-sent {letter.event_id or dead_letter_id} to {letter.original_topic}")
