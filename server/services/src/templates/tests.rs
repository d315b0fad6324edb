use super::*;
use crate::testing;
use entity::domain::templates::KINDS;
use sea_orm::PaginatorTrait;

fn text(subject: &str, body: &str) -> Text {
    Text {
        subject: subject.to_owned(),
        body: body.to_owned(),
    }
}

#[test]
fn every_kind_has_a_valid_built_in_text_per_channel_and_language() {
    let mut count = 0;
    for kind in KINDS {
        for &channel in kind.channels {
            for lang in LANGUAGES {
                let t = default_text(kind.key, channel, lang)
                    .unwrap_or_else(|| panic!("no {lang} {} {}", kind.key, channel.as_str()));
                check(kind, channel, t)
                    .unwrap_or_else(|p| panic!("{lang} {} {}: {p:?}", kind.key, channel.as_str()));
                count += 1;
            }
        }
    }
    // And nothing in the files that the catalogue does not know.
    assert_eq!(defaults().len(), count);
}

#[test]
fn a_template_is_checked_against_its_kind() {
    let quote = kinds::find("quote_ready").unwrap();
    assert_eq!(
        check(
            quote,
            Channel::Email,
            &text(
                "Offerte {{order_number}}",
                "Beste {{klantnaam}}, {{#each x}}{{/each}} zie {{portal_link}} {{> footer}}"
            )
        ),
        Err(vec![
            Problem::Unknown("klantnaam".into()),
            Problem::Unknown("x".into()),
            Problem::Helper("each".into()),
            Problem::Helper("partial".into()),
        ])
    );
    // Required variables are named when missing; an e-mail needs a subject.
    assert_eq!(
        check(quote, Channel::Email, &text(" ", "Hallo {{customer_name}}")),
        Err(vec![
            Problem::Missing("order_number"),
            Problem::Missing("portal_link"),
            Problem::NeedsSubject,
        ])
    );
    // SMS has no subject, and three parts at most with sample values.
    let long = format!(
        "{} {{{{order_number}}}} {{{{portal_link}}}}",
        "x".repeat(450)
    );
    assert_eq!(
        check(
            quote,
            Channel::Sms,
            &text("Onderwerp", "{{order_number}} {{portal_link}}")
        ),
        Err(vec![Problem::NoSubject])
    );
    assert!(matches!(
        check(quote, Channel::Sms, &text("", &long)).unwrap_err()[..],
        [Problem::TooLong(n)] if n > 459
    ));
    assert!(matches!(
        check(quote, Channel::Email, &text("{{#if}}", "{{portal_link"))
            .unwrap_err()
            .first(),
        Some(Problem::Syntax(_))
    ));
    // `if` on an optional variable is fine, and names it.
    let hold = kinds::find("on_hold").unwrap();
    assert_eq!(
        check(
            hold,
            Channel::Email,
            &text(
                "x",
                "{{order_number}}{{#if reason}}: {{reason}}{{else}}.{{/if}}"
            )
        ),
        Ok(())
    );
    assert_eq!(
        Problem::Unknown("klantnaam".into()).message(),
        "Onbekende variabele {{klantnaam}}"
    );
}

#[test]
fn rendering_fills_the_variables_and_refuses_a_missing_required_one() {
    let hold = kinds::find("on_hold").unwrap();
    let t = text(
        "Order {{order_number}}",
        "Stil{{#if reason}}: {{reason}}{{/if}}. <b>{{customer_name}}</b>",
    );
    let mut vars = crate::vars! {"order_number" => "CC-1", "customer_name" => "A & B"};
    let r = render_text(hold, &t, &vars).unwrap();
    // The text part is not escaped; an absent optional variable is empty.
    assert_eq!(r.text, "Stil. <b>A & B</b>");
    vars.insert("reason".into(), "geen stroom".into());
    assert_eq!(
        render_text(hold, &t, &vars).unwrap().text,
        "Stil: geen stroom. <b>A & B</b>"
    );
    vars.remove("order_number");
    assert!(render_text(hold, &t, &vars).is_err());
}

#[tokio::test]
async fn templates_are_stored_versioned_and_fall_back_to_the_platform_and_built_in() {
    for tdb in testing::databases().await {
        let db = &tdb.db;
        let now = chrono::Utc::now();
        crate::seed::seed_with(db, testing::TODAY, crate::seed::Volumes::small())
            .await
            .unwrap();
        let stored = ensure_defaults(db, now).await.unwrap();
        let entities = entity::business_entity::Entity::find()
            .all(db)
            .await
            .unwrap();
        let per_entity: usize = KINDS
            .iter()
            .map(|k| {
                k.channels.len()
                    * 2
                    * if k.audience.per_entity() {
                        entities.len()
                    } else {
                        1
                    }
            })
            .sum();
        assert_eq!(stored, per_entity);
        // A second start stores nothing.
        assert_eq!(ensure_defaults(db, now).await.unwrap(), 0);

        let quote = kinds::find("quote_ready").unwrap();
        let lt = entities.iter().find(|e| e.brand == "LaderThuis").unwrap();
        let key = Key::new(quote, Channel::Email, "nl", Some(lt.id));
        assert_eq!(
            current(db, &key).await.unwrap().subject,
            "Uw offerte voor order {{order_number}} staat klaar"
        );

        // A save adds version 2; the same base version again is stale.
        let edited = text(
            "Offerte {{order_number}} klaar",
            "Zie {{portal_link}}, {{customer_name}}.",
        );
        let v2 = save(db, &key, 1, &edited, Some(1), now).await.unwrap();
        assert_eq!(v2.version, 2);
        assert!(matches!(
            save(db, &key, 1, &edited, Some(1), now).await,
            Err(ServiceError::Stale)
        ));
        // An invalid text is refused with its problems, and not stored.
        match save(db, &key, 2, &text("x", "{{klantnaam}}"), Some(1), now).await {
            Err(ServiceError::Problems(ps)) => {
                assert!(ps.iter().any(|p| p.contains("klantnaam")), "{ps:?}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            history(db, &key)
                .await
                .unwrap()
                .iter()
                .map(|t| t.version)
                .collect::<Vec<_>>(),
            [2, 1]
        );
        assert_eq!(current(db, &key).await.unwrap(), edited);
        // The other entities keep theirs; an English contact reads English.
        let other = Key::new(quote, Channel::Email, "en-GB", Some(entities[0].id));
        assert!(current(db, &other)
            .await
            .unwrap()
            .subject
            .starts_with("Your quote"));
        // The save is audited.
        let audited = entity::audit_log::Entity::find()
            .filter(entity::audit_log::Column::TableName.eq("message_templates"))
            .count(db)
            .await
            .unwrap();
        assert_eq!(audited, 1);

        // A rendered e-mail has the text and the brand's HTML.
        let vars = crate::vars! {
            "order_number" => "LT-2026-00001",
            "portal_link" => "https://cc.example/klant/orders/LT-2026-00001",
            "customer_name" => "Jan <Jansen>",
        };
        let brand = Brand {
            name: "LaderThuis".into(),
            color: lt.brand_color.clone(),
            ..Default::default()
        };
        let r = render(db, &key, &vars, &brand).await.unwrap();
        assert_eq!(r.subject, "Offerte LT-2026-00001 klaar");
        assert_eq!(
            r.text,
            "Zie https://cc.example/klant/orders/LT-2026-00001, Jan <Jansen>."
        );
        let html = r.html.unwrap();
        assert!(html.contains("Jan &lt;Jansen&gt;"), "{html}");
        assert!(html.contains(&lt.brand_color));

        // Without stored rows a platform kind reads its built-in text.
        message_template::Entity::delete_many()
            .exec(db)
            .await
            .unwrap();
        let reset = Key::new(
            kinds::find("password_reset").unwrap(),
            Channel::Email,
            "nl",
            Some(lt.id),
        );
        assert_eq!(reset.scope, PLATFORM);
        assert_eq!(
            current(db, &reset).await.unwrap().subject,
            "Wachtwoord opnieuw instellen"
        );
        tdb.cleanup().await;
    }
}
