package dev.conduit.visibility.query;

import static dev.conduit.visibility.query.QueryJson.ATTRIBUTES;
import static dev.conduit.visibility.query.QueryJson.json;
import static dev.conduit.visibility.query.QueryJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VisibilityQueriesTest {

  private static JsonNode filter(String query) throws InvalidQueryException {
    return tree(VisibilityQueries.parse(query, ATTRIBUTES).filter());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n\t"})
  void emptyQueryMatchesEverything(String query) throws InvalidQueryException {
    ParsedQuery parsed = VisibilityQueries.parse(query, ATTRIBUTES);
    assertThat(tree(parsed.filter())).isEqualTo(json("{'match_all':{}}"));
    assertThat(parsed.sort()).isEmpty();
    assertThat(parsed.groupBy()).isEmpty();
  }

  @Test
  void keywordEquality() throws InvalidQueryException {
    assertThat(filter("WorkflowType = 'order'")).isEqualTo(json("{'term':{'WorkflowType':{'value':'order'}}}"));
    assertThat(filter("WorkflowType = \"order\"")).isEqualTo(json("{'term':{'WorkflowType':{'value':'order'}}}"));
    assertThat(filter("WorkflowType != 'order'"))
        .isEqualTo(json("{'bool':{'must_not':[{'term':{'WorkflowType':{'value':'order'}}}]}}"));
    assertThat(filter("WorkflowType <> 'order'")).isEqualTo(filter("WorkflowType != 'order'"));
  }

  @Test
  void keywordRanges() throws InvalidQueryException {
    assertThat(filter("WorkflowId > 'a'")).isEqualTo(json("{'range':{'WorkflowId':{'gt':'a'}}}"));
    assertThat(filter("WorkflowId >= 'a'")).isEqualTo(json("{'range':{'WorkflowId':{'gte':'a'}}}"));
    assertThat(filter("WorkflowId < 'a'")).isEqualTo(json("{'range':{'WorkflowId':{'lt':'a'}}}"));
    assertThat(filter("WorkflowId <= 'a'")).isEqualTo(json("{'range':{'WorkflowId':{'lte':'a'}}}"));
    assertThat(filter("WorkflowId BETWEEN 'a' AND 'm'"))
        .isEqualTo(json("{'range':{'WorkflowId':{'gte':'a','lte':'m'}}}"));
    assertThat(filter("WorkflowId NOT BETWEEN 'a' AND 'm'"))
        .isEqualTo(json("{'bool':{'must_not':[{'range':{'WorkflowId':{'gte':'a','lte':'m'}}}]}}"));
  }

  @Test
  void keywordInAndStartsWith() throws InvalidQueryException {
    assertThat(filter("WorkflowId IN ('a', 'b')")).isEqualTo(json("{'terms':{'WorkflowId':['a','b']}}"));
    assertThat(filter("WorkflowId not in ('a')"))
        .isEqualTo(json("{'bool':{'must_not':[{'terms':{'WorkflowId':['a']}}]}}"));
    assertThat(filter("WorkflowId STARTS_WITH 'order-'"))
        .isEqualTo(json("{'prefix':{'WorkflowId':{'value':'order-'}}}"));
    assertThat(filter("WorkflowId NOT STARTS_WITH 'order-'"))
        .isEqualTo(json("{'bool':{'must_not':[{'prefix':{'WorkflowId':{'value':'order-'}}}]}}"));
  }

  @Test
  void isNull() throws InvalidQueryException {
    assertThat(filter("CloseTime IS NULL"))
        .isEqualTo(json("{'bool':{'must_not':[{'exists':{'field':'CloseTime'}}]}}"));
    assertThat(filter("CloseTime is not null")).isEqualTo(json("{'exists':{'field':'CloseTime'}}"));
  }

  @Test
  void backQuotedNames() throws InvalidQueryException {
    assertThat(filter("`Custom Attr` = 'x'")).isEqualTo(json("{'term':{'Custom Attr':{'value':'x'}}}"));
    assertThat(filter("`WorkflowId` = 'x'")).isEqualTo(json("{'term':{'WorkflowId':{'value':'x'}}}"));
  }

  @Test
  void stringEscapes() throws InvalidQueryException {
    assertThat(keywordValue("'it\\'s'")).isEqualTo("it's");
    assertThat(keywordValue("'it''s'")).isEqualTo("it's");
    assertThat(keywordValue("'say \"hi\"'")).isEqualTo("say \"hi\"");
    assertThat(keywordValue("\"a\\\"b\\\\\"")).isEqualTo("a\"b\\");
    assertThat(keywordValue("\"it's\"")).isEqualTo("it's");
    assertThat(keywordValue("'tab\\t'")).isEqualTo("tab\t");
  }

  private static String keywordValue(String literal) throws InvalidQueryException {
    return filter("WorkflowId = " + literal).at("/term/WorkflowId/value").asText();
  }

  @Test
  void keywordList() throws InvalidQueryException {
    assertThat(filter("BuildIds = 'v1'")).isEqualTo(json("{'term':{'BuildIds':{'value':'v1'}}}"));
    assertThat(filter("BuildIds IN ('v1', 'v2')")).isEqualTo(json("{'terms':{'BuildIds':['v1','v2']}}"));
    assertThat(filter("CustomKeywordListField != 'v1'"))
        .isEqualTo(json("{'bool':{'must_not':[{'term':{'CustomKeywordListField':{'value':'v1'}}}]}}"));
    assertThat(filter("CustomKeywordListField NOT IN ('v1')"))
        .isEqualTo(json("{'bool':{'must_not':[{'terms':{'CustomKeywordListField':['v1']}}]}}"));
  }

  @Test
  void text() throws InvalidQueryException {
    assertThat(filter("CustomTextField = 'foo bar'"))
        .isEqualTo(json("{'match':{'CustomTextField':{'query':'foo bar'}}}"));
    assertThat(filter("CustomTextField != 'foo'"))
        .isEqualTo(json("{'bool':{'must_not':[{'match':{'CustomTextField':{'query':'foo'}}}]}}"));
  }

  @Test
  void integers() throws InvalidQueryException {
    assertThat(filter("CustomIntField = 5")).isEqualTo(json("{'term':{'CustomIntField':{'value':5}}}"));
    assertThat(filter("CustomIntField = -5")).isEqualTo(json("{'term':{'CustomIntField':{'value':-5}}}"));
    assertThat(filter("HistoryLength > 9007199254740993"))
        .isEqualTo(json("{'range':{'HistoryLength':{'gt':9007199254740993}}}"));
    assertThat(filter("CustomIntField BETWEEN 1 AND 10"))
        .isEqualTo(json("{'range':{'CustomIntField':{'gte':1,'lte':10}}}"));
    assertThat(filter("CustomIntField IN (1, 2)")).isEqualTo(json("{'terms':{'CustomIntField':[1,2]}}"));
  }

  @Test
  void doubles() throws InvalidQueryException {
    assertThat(filter("CustomDoubleField = 1.5")).isEqualTo(json("{'term':{'CustomDoubleField':{'value':1.5}}}"));
    assertThat(filter("CustomDoubleField < -0.25")).isEqualTo(json("{'range':{'CustomDoubleField':{'lt':-0.25}}}"));
    assertThat(filter("CustomDoubleField >= 3")).isEqualTo(json("{'range':{'CustomDoubleField':{'gte':3.0}}}"));
    assertThat(filter("CustomDoubleField <= .5")).isEqualTo(json("{'range':{'CustomDoubleField':{'lte':0.5}}}"));
    assertThat(filter("CustomDoubleField NOT IN (1.5, -2)"))
        .isEqualTo(json("{'bool':{'must_not':[{'terms':{'CustomDoubleField':[1.5,-2.0]}}]}}"));
  }

  @Test
  void booleans() throws InvalidQueryException {
    assertThat(filter("CustomBoolField = true")).isEqualTo(json("{'term':{'CustomBoolField':{'value':true}}}"));
    assertThat(filter("TemporalSchedulePaused = FALSE"))
        .isEqualTo(json("{'term':{'TemporalSchedulePaused':{'value':false}}}"));
    assertThat(filter("CustomBoolField != true"))
        .isEqualTo(json("{'bool':{'must_not':[{'term':{'CustomBoolField':{'value':true}}}]}}"));
    assertThat(filter("CustomBoolField IN (true, false)"))
        .isEqualTo(json("{'terms':{'CustomBoolField':[true,false]}}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "'2026-12-05T10:00:00Z'               | 2026-12-05T10:00:00Z",
      "'2026-12-05T10:00:00.123456789Z'     | 2026-12-05T10:00:00.123456789Z",
      "'2026-12-05T12:00:00.5+02:00'        | 2026-12-05T10:00:00.500Z",
      "'2026-12-05t10:00:00z'               | 2026-12-05T10:00:00Z",
      "1796464800000000001                  | 2026-12-05T10:00:00.000000001Z"})
  void dateTimes(String literal, String expected) throws InvalidQueryException {
    assertThat(filter("StartTime > " + literal)).isEqualTo(json("{'range':{'StartTime':{'gt':'" + expected + "'}}}"));
  }

  @Test
  void dateTimeSetsAndNegatedRanges() throws InvalidQueryException {
    assertThat(filter("ExecutionTime IN ('2026-12-05T10:00:00Z', 0)"))
        .isEqualTo(json("{'terms':{'ExecutionTime':['2026-12-05T10:00:00Z','1970-01-01T00:00:00Z']}}"));
    assertThat(filter("TemporalScheduledStartTime NOT BETWEEN -1 AND '2026-12-05T10:00:00.1Z'")).isEqualTo(json(
        "{'bool':{'must_not':[{'range':{'TemporalScheduledStartTime':"
            + "{'gte':'1970-01-01T00:00:00Z','lte':'2026-12-05T10:00:00.100Z'}}}]}}"));
  }

  @Test
  void dateTimesBeyondWhatADatetimeAttributeHoldsAreItsEnds() throws InvalidQueryException {
    // Elasticsearch's date_nanos holds 1970 to 2262 and refuses a query past that; nothing stored lies outside
    assertThat(filter("CloseTime < '9999-12-31T23:59:59Z'"))
        .isEqualTo(json("{'range':{'CloseTime':{'lt':'2262-04-11T23:47:16.854775807Z'}}}"));
    assertThat(filter("StartTime >= '1900-01-01T00:00:00Z'"))
        .isEqualTo(json("{'range':{'StartTime':{'gte':'1970-01-01T00:00:00Z'}}}"));
  }

  @Test
  void dateTimeEqualityAndBetween() throws InvalidQueryException {
    assertThat(filter("CustomDatetimeField = '2026-12-05T10:00:00Z'"))
        .isEqualTo(json("{'term':{'CustomDatetimeField':{'value':'2026-12-05T10:00:00Z'}}}"));
    assertThat(filter("CloseTime BETWEEN '2026-12-05T00:00:00Z' AND '2026-12-06T00:00:00-01:00'"))
        .isEqualTo(json("{'range':{'CloseTime':{'gte':'2026-12-05T00:00:00Z','lte':'2026-12-06T01:00:00Z'}}}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "'Running'                             | Running",
      "'ContinuedAsNew'                      | ContinuedAsNew",
      "'WORKFLOW_EXECUTION_STATUS_TIMED_OUT' | TimedOut",
      "3                                     | Failed"})
  void executionStatus(String literal, String stored) throws InvalidQueryException {
    assertThat(filter("ExecutionStatus = " + literal))
        .isEqualTo(json("{'term':{'ExecutionStatus':{'value':'" + stored + "'}}}"));
  }

  @Test
  void executionStatusIn() throws InvalidQueryException {
    assertThat(filter("ExecutionStatus IN ('Failed', 'TimedOut')"))
        .isEqualTo(json("{'terms':{'ExecutionStatus':['Failed','TimedOut']}}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "1000000000     | 1000000000",
      "'10s'          | 10000000000",
      "'1h30m'        | 5400000000000",
      "'500ms'        | 500000000",
      "'1.5s'         | 1500000000",
      "'2us'          | 2000",
      "'3µs'          | 3000",
      "'0'            | 0",
      "'42'           | 42",
      "'-1.5h'        | -5400000000000",
      "'2d'           | 172800000000000",
      "'1h0m0.5s'     | 3600500000000",
      "'01:30:05'     | 5405000000000",
      "'100:00:00'    | 360000000000000"})
  void executionDuration(String literal, long nanos) throws InvalidQueryException {
    assertThat(filter("ExecutionDuration >= " + literal))
        .isEqualTo(json("{'range':{'ExecutionDuration':{'gte':" + nanos + "}}}"));
  }

  @Test
  void andBindsTighterThanOr() throws InvalidQueryException {
    assertThat(filter("WorkflowId = 'a' OR WorkflowId = 'b' AND RunId = 'c'")).isEqualTo(json("""
        {'bool':{'minimum_should_match':'1','should':[
          {'term':{'WorkflowId':{'value':'a'}}},
          {'bool':{'filter':[{'term':{'WorkflowId':{'value':'b'}}},{'term':{'RunId':{'value':'c'}}}]}}]}}"""));
  }

  @Test
  void parenthesesGroup() throws InvalidQueryException {
    assertThat(filter("(WorkflowId = 'a' or WorkflowId = 'b') and RunId = 'c'")).isEqualTo(json("""
        {'bool':{'filter':[
          {'bool':{'minimum_should_match':'1','should':[
            {'term':{'WorkflowId':{'value':'a'}}},{'term':{'WorkflowId':{'value':'b'}}}]}},
          {'term':{'RunId':{'value':'c'}}}]}}"""));
    assertThat(filter("((WorkflowId = 'a'))")).isEqualTo(json("{'term':{'WorkflowId':{'value':'a'}}}"));
  }

  @Test
  void not() throws InvalidQueryException {
    assertThat(filter("NOT WorkflowId = 'a'"))
        .isEqualTo(json("{'bool':{'must_not':[{'term':{'WorkflowId':{'value':'a'}}}]}}"));
    assertThat(filter("not (WorkflowId = 'a' OR RunId = 'b') AND TaskQueue = 'q'")).isEqualTo(json("""
        {'bool':{'filter':[
          {'bool':{'must_not':[{'bool':{'minimum_should_match':'1','should':[
            {'term':{'WorkflowId':{'value':'a'}}},{'term':{'RunId':{'value':'b'}}}]}}]}},
          {'term':{'TaskQueue':{'value':'q'}}}]}}"""));
    assertThat(filter("NOT NOT WorkflowId = 'a'")).isEqualTo(json(
        "{'bool':{'must_not':[{'bool':{'must_not':[{'term':{'WorkflowId':{'value':'a'}}}]}}]}}"));
  }

  @Test
  void chainsAreFlat() throws InvalidQueryException {
    assertThat(filter("RunId = 'a' AND RunId = 'b' AND RunId = 'c'").at("/bool/filter").size()).isEqualTo(3);
    assertThat(filter("RunId = 'a' OR RunId = 'b' OR RunId = 'c'").at("/bool/should").size()).isEqualTo(3);
  }

  @Test
  void orderBy() throws InvalidQueryException {
    ParsedQuery parsed = VisibilityQueries.parse(
        "WorkflowType = 'x' ORDER BY StartTime DESC, `Custom Attr`, CustomIntField asc", ATTRIBUTES);
    assertThat(tree(parsed.filter())).isEqualTo(json("{'term':{'WorkflowType':{'value':'x'}}}"));
    assertThat(parsed.sort()).extracting(QueryJson::tree).containsExactly(
        json("{'StartTime':{'order':'desc'}}"),
        json("{'Custom Attr':{'order':'asc'}}"),
        json("{'CustomIntField':{'order':'asc'}}"));
    assertThat(parsed.groupBy()).isEmpty();
  }

  @Test
  void orderByAlone() throws InvalidQueryException {
    ParsedQuery parsed = VisibilityQueries.parse("order by CloseTime", ATTRIBUTES);
    assertThat(tree(parsed.filter())).isEqualTo(json("{'match_all':{}}"));
    assertThat(parsed.sort()).extracting(QueryJson::tree).containsExactly(json("{'CloseTime':{'order':'asc'}}"));
  }

  @Test
  void groupByThenOrderBy() throws InvalidQueryException {
    ParsedQuery parsed = VisibilityQueries.parse(
        "ExecutionStatus != 'Running' GROUP BY ExecutionStatus ORDER BY StartTime DESC", ATTRIBUTES);
    assertThat(tree(parsed.filter()))
        .isEqualTo(json("{'bool':{'must_not':[{'term':{'ExecutionStatus':{'value':'Running'}}}]}}"));
    assertThat(parsed.groupBy()).contains("ExecutionStatus");
    assertThat(parsed.sort()).extracting(QueryJson::tree).containsExactly(json("{'StartTime':{'order':'desc'}}"));
  }

  @Test
  void whitespaceIsOptionalBetweenTokens() throws InvalidQueryException {
    assertThat(filter("WorkflowId='a'AND(RunId!='b'OR HistoryLength>=-1)"))
        .isEqualTo(filter("WorkflowId = 'a' AND (RunId != 'b' OR HistoryLength >= -1)"));
  }

  @Test
  void groupBy() throws InvalidQueryException {
    ParsedQuery parsed = VisibilityQueries.parse("WorkflowType = 'x' GROUP BY ExecutionStatus", ATTRIBUTES);
    assertThat(tree(parsed.filter())).isEqualTo(json("{'term':{'WorkflowType':{'value':'x'}}}"));
    assertThat(parsed.groupBy()).contains("ExecutionStatus");
    assertThat(parsed.sort()).isEmpty();

    ParsedQuery alone = VisibilityQueries.parse("group by ExecutionStatus", ATTRIBUTES);
    assertThat(tree(alone.filter())).isEqualTo(json("{'match_all':{}}"));
    assertThat(alone.groupBy()).contains("ExecutionStatus");
  }

  @Test
  void keywordsAreCaseInsensitive() throws InvalidQueryException {
    assertThat(filter("WorkflowId = 'a' oR RunId iN ('b') AnD HistoryLength between 1 and 2"))
        .isEqualTo(filter("WorkflowId = 'a' OR RunId IN ('b') AND HistoryLength BETWEEN 1 AND 2"));
  }

  @Test
  void systemAttributes() {
    assertThat(SystemSearchAttributes.isSystem("WorkflowId")).isTrue();
    assertThat(SystemSearchAttributes.isSystem("workflowid")).isFalse();
    assertThat(SystemSearchAttributes.isSystem("CustomKeywordField")).isFalse();
    assertThat(SystemSearchAttributes.TYPES).containsEntry("ExecutionDuration",
        io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT);
    assertThat(List.copyOf(SystemSearchAttributes.TYPES.keySet())).contains("TemporalWorkerDeployment", "BuildIds");
  }
}
